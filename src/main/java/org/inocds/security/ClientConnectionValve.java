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
 * The first thing a request meets in Tomcat, and the last it leaves on its worker thread:
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

    /** Tomcat would read (swallow) what is left of the body before the next request; closing costs no worker. */
    private static void closeIfBodyUnread(Request request, Response response) {
        var read = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, read);
        if (!read.get()) {
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }
}
