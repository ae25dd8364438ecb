package org.inocds.prefetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;

/**
 * A FHIR server's answer read up to a size cap (per response, and the call's {@link FetchBudget} total): past either
 * the exchange fails with {@link TooLarge} and the connection is dropped. Nothing beyond the cap is held in memory; a
 * declared Content-Length over the cap is refused before any of the body is read.
 */
final class CappedBody extends AbstractBinResponseConsumer<CappedBody.Answer> {

    /** The status and the body read. */
    record Answer(int status, byte[] body) {}

    /** The response was larger than the service reads. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** The service holds as much fetched data as it may (FetchedDataBudget): this call's fetching stops. */
    static final class ServiceBusy extends IOException {
        ServiceBusy() {
            super("the service holds as much fetched FHIR data as it may at once");
        }
    }

    private final long maxBytes;
    private final FetchBudget budget;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int status;

    CappedBody(long maxBytes, FetchBudget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) throws IOException {
        status = response.getCode();
        var length = response.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                long declared = Long.parseLong(length.getValue().trim());
                if (declared > maxBytes) {
                    throw new TooLarge("the FHIR server announced " + declared + " bytes, over the limit of " + maxBytes);
                }
            } catch (NumberFormatException ignored) {
                // a malformed length: the body is still capped as it arrives
            }
        }
    }

    @Override
    protected int capacityIncrement() {
        return 64 * 1024;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        int n = src.remaining();
        if (out.size() + (long) n > maxBytes) {
            throw new TooLarge("one FHIR response was over the limit of " + maxBytes + " bytes");
        }
        switch (budget.take(n)) {
            case CALL_LIMIT -> throw new TooLarge("the FHIR responses of this call were over the call's limit");
            case SERVICE_BUSY -> throw new ServiceBusy();
            case TAKEN -> { }
        }
        byte[] chunk = new byte[n];
        src.get(chunk);
        out.write(chunk, 0, n);
    }

    @Override
    protected Answer buildResult() {
        return new Answer(status, out.toByteArray());
    }

    @Override
    public void releaseResources() {
        // the buffer goes with this object
    }
}
