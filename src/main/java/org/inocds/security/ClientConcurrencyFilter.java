package org.inocds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@code inocds.limits.max-concurrent-per-client} requests in progress per client address: one caller that
 * opens hundreds of slow requests (a dripping body, say) gets 503 beyond its share and cannot take every worker
 * thread from the others. The 503 closes the connection, so Tomcat does not wait for the rest of the body.
 */
final class ClientConcurrencyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientConcurrencyFilter.class);
    private static final String BUSY = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"throttled\","
            + "\"diagnostics\":\"too many requests in progress from this client; retry shortly\"}]}";

    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    ClientConcurrencyFilter(int limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        AtomicInteger count = inProgress.computeIfAbsent(client, k -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            release(client, count);
            log.warn("client over its {} concurrent requests: 503", limit);
            response.setStatus(503);
            response.setHeader("Retry-After", "1");
            response.setHeader("Connection", "close");
            response.setContentType("application/fhir+json;charset=UTF-8");
            response.getWriter().write(BUSY);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            release(client, count);
        }
    }

    private void release(String client, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            inProgress.remove(client, count);
        }
    }
}
