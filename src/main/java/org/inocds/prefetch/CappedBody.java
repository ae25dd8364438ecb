package org.inocds.prefetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to a size cap (per response, and the call's {@link FetchBudget} total): past either,
 * the subscription is cancelled (the connection is dropped) and the body fails with {@link TooLarge}. Nothing
 * beyond the cap is ever held in memory.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The response was larger than the service reads. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long maxBytes;
    private final FetchBudget budget;
    private Flow.Subscription subscription;

    CappedBody(long maxBytes, FetchBudget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /** The handler: refuses at once a response whose declared length is over the cap. */
    static HttpResponse.BodyHandler<byte[]> handler(long maxBytes, FetchBudget budget) {
        return info -> {
            var body = new CappedBody(maxBytes, budget);
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                body.tooLarge = new TooLarge("the FHIR server announced " + declared + " bytes, over the limit of " + maxBytes);
            }
            return body;
        };
    }

    private TooLarge tooLarge;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (tooLarge != null) {
            s.cancel();
            result.completeExceptionally(tooLarge);
            return;
        }
        if (!budget.register(this)) {
            s.cancel();
            result.completeExceptionally(new IOException("the call's time budget ran out"));
            return;
        }
        s.request(1);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if (out.size() + (long) n > maxBytes) {
                fail(new TooLarge("one FHIR response was over the limit of " + maxBytes + " bytes"));
                return;
            }
            if (!budget.take(n)) {
                fail(new TooLarge("the FHIR responses of this call were over the call's limit"));
                return;
            }
            byte[] chunk = new byte[n];
            b.get(chunk);
            out.write(chunk, 0, n);
        }
        subscription.request(1);
    }

    private synchronized void fail(IOException e) {
        subscription.cancel();
        budget.unregister(this);
        result.completeExceptionally(e);
    }

    /** Stops reading (the call's deadline passed): the connection is dropped and the body fails. */
    synchronized void abort(IOException e) {
        if (subscription != null) {
            subscription.cancel();
        }
        result.completeExceptionally(e);
    }

    @Override
    public void onError(Throwable t) {
        budget.unregister(this);
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        budget.unregister(this);
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
