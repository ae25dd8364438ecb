package org.inocds.security;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing a request meets in Tomcat (an engine valve: ahead of the error pages too), and the last it leaves
 * on its worker thread:
 * <ul>
 * <li>at most {@code inocds.limits.max-concurrent-per-client} requests per client address hold a worker at once; beyond
 *     that 503 with {@code Connection: close}. The count covers the whole time the worker serves the request, error
 *     page included, so no part of it escapes the limit;</li>
 * <li>a request answered without its body read to the end (a 401 for want of a token, the 503 above, a 408 or 413, a
 *     GET that never reads what it was sent) has its connection closed after the answer instead of Tomcat swallowing
 *     the rest of the body on the worker thread: a body that drips a byte every few seconds would otherwise keep that
 *     worker for as long as it likes, with no token and past every limit (issue 22, defect 1).</li>
 * </ul>
 * The time a body may take to arrive is bounded by {@link RequestBodyLimitsFilter}, whatever its pace.
 */
final class ClientConnectionValve extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionValve.class);
    private static final String BUSY = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"throttled\","
            + "\"diagnostics\":\"too many requests in progress from this client; retry shortly\"}]}";

    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    ClientConnectionValve(int limit) {
        super(true);
        this.limit = limit;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String client = request.getRemoteAddr();
        AtomicInteger count = inProgress.computeIfAbsent(client, k -> new AtomicInteger());
        try {
            if (count.incrementAndGet() > limit) {
                log.warn("client over its {} concurrent requests: 503", limit);
                response.setStatus(503);
                response.setHeader("Retry-After", "1");
                response.setContentType("application/fhir+json;charset=UTF-8");
                response.getWriter().write(BUSY);
            } else {
                getNext().invoke(request, response);
            }
        } finally {
            if (!request.isAsync()) {
                closeIfBodyUnread(request, response);
            }
            if (count.decrementAndGet() <= 0) {
                inProgress.remove(client, count);
            }
        }
    }

    /**
     * Tomcat would read (swallow) what is left of the body before the next request, on this worker and at the
     * client's pace. What has already arrived with a declared length is read here without waiting (so that a small
     * body the service did not need keeps its connection and its answer, as usual); anything still to come closes
     * the connection instead. The answer is sent first, as it is: Tomcat marks a request whose input it may not
     * swallow as failed (and an unsent 2xx as 500), so that mark comes only once the answer is out.
     */
    private static void closeIfBodyUnread(Request request, Response response) {
        if (bodyRead(request)) {
            return;
        }
        drainArrived(request);
        if (bodyRead(request)) {
            return;
        }
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
        try {
            response.finishResponse();
        } catch (IOException clientGone) {
            // the connection is closed below all the same
        }
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }

    private static boolean bodyRead(Request request) {
        var read = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, read);
        return read.get();
    }

    /**
     * Reads what Tomcat already holds of a body with a declared length, never waiting for more (a chunked body's next
     * chunk header may not have arrived, and reading it could wait: it is left alone).
     */
    private static void drainArrived(Request request) {
        if (request.getContentLengthLong() < 0 || request.getHeader("Transfer-Encoding") != null) {
            return;
        }
        try {
            var in = request.getInputStream();
            byte[] buffer = new byte[8192];
            for (int drained = 0, n; drained < MAX_DRAIN && in.available() > 0 && (n = in.read(buffer)) > 0; ) {
                drained += n;
            }
        } catch (IOException | IllegalStateException e) {
            // the application read it as characters, or the client is gone: close
        }
    }

    /** At most this much of an unread body is read without waiting before the connection is kept. */
    private static final int MAX_DRAIN = 64 * 1024;
}
