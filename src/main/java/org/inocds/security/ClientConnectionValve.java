package org.inocds.security;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
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
 * <p>
 * The service's own fetches from its embedded sandbox are not a caller's requests and are not counted: in the demo
 * they come from loopback like a caller on the same host, and counted as that caller's they took its share while
 * its own calls waited for them (issue 22, the soak: 503s at 16 connections). Such a request is the service's own only
 * when it carries this process's secret ({@link SelfFetch}), comes from loopback, and goes to the sandbox's servlet;
 * the header alone, or loopback alone, proves nothing. Each of them is bounded by the counted call that made it.
 */
final class ClientConnectionValve extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionValve.class);
    private static final String BUSY = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"throttled\","
            + "\"diagnostics\":\"too many requests in progress from this client; retry shortly\"}]}";

    /** The embedded sandbox's servlet path (sandbox/SandboxConfiguration maps it at {@code /fhir/*}). */
    static final String SANDBOX_SERVLET_PATH = "/fhir";

    private final int limit;
    /** Requests whose body was still to come when they reached a worker, across all clients, that may hold one. */
    private final int awaitingLimit;
    private final AtomicInteger awaiting = new AtomicInteger();
    private final SelfFetch self;
    /** Requests in progress per client address; an address is removed when its last request ends. */
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    /**
     * @param workers Tomcat's worker threads: requests whose body is still to come may hold at most half of them, however
     *     many addresses send them (one per-client share each of a few addresses took every worker: the independent
     *     attack round of issue 22)
     */
    ClientConnectionValve(int limit, int workers, SelfFetch self) {
        super(true);
        this.limit = limit;
        this.awaitingLimit = Math.max(1, workers / 2);
        this.self = self;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (isOwnFetch(request)) {
            try {
                getNext().invoke(request, response);
            } finally {
                if (!request.isAsync()) {
                    closeIfBodyUnread(request, response);
                }
            }
            return;
        }
        String client = clientOf(request.getRemoteAddr());
        // counted and uncounted in one step per address, so that no request is counted on an entry already removed
        int count = inProgress.merge(client, 1, Integer::sum);
        boolean awaitsBody = bodyToCome(request);
        int waiting = awaitsBody ? awaiting.incrementAndGet() : 0;
        try {
            if (count > limit) {
                log.warn("client over its {} concurrent requests: 503", limit);
                busy(response);
            } else if (waiting > awaitingLimit) {
                log.warn("more than {} requests waiting for their bodies: 503", awaitingLimit);
                response.setHeader("Connection", "close");
                busy(response);
            } else {
                getNext().invoke(request, response);
            }
        } finally {
            try {
                if (!request.isAsync()) {
                    closeIfBodyUnread(request, response);
                }
            } finally {
                if (awaitsBody) {
                    awaiting.decrementAndGet();
                }
                inProgress.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    private static void busy(Response response) throws IOException {
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getWriter().write(BUSY);
    }

    /**
     * Whether the request's body had not all arrived when it reached its worker: a chunked body (its end is known only
     * once read), or fewer bytes at hand than its declared length. Such a request may wait on its client.
     */
    private static boolean bodyToCome(Request request) {
        if (request.getHeader("Transfer-Encoding") != null) {
            return true;
        }
        long length = request.getContentLengthLong();
        if (length <= 0) {
            return false;
        }
        var coyote = request.getCoyoteRequest();
        coyote.action(ActionCode.AVAILABLE, Boolean.TRUE); // reads what has arrived, without waiting
        return coyote.getAvailable() < length;
    }

    /**
     * The client a request is counted under: its address, or for IPv6 its /64 network, which one host or one subscriber
     * is given whole (one address each would let it take every share).
     */
    static String clientOf(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // an address literal from the socket: no lookup
            if (bytes.length != 16) {
                return address;
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** How many client addresses have requests in progress now (a test sees entries go when their requests end). */
    int clientsInProgress() {
        return inProgress.size();
    }

    /** The requests one client address has in progress now. */
    int inProgress(String client) {
        return inProgress.getOrDefault(client, 0);
    }

    /** The service's own fetch from its sandbox: loopback, the sandbox's servlet, and this process's secret. */
    private boolean isOwnFetch(Request request) {
        return SANDBOX_SERVLET_PATH.equals(request.getServletPath()) && isLoopback(request.getRemoteAddr())
                && self.proves(request.getHeader(SelfFetch.HEADER));
    }

    private static boolean isLoopback(String address) {
        try {
            // an address literal from the socket: no name is looked up
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
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
