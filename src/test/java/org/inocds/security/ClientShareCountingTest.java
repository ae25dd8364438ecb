package org.inocds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * How {@link ClientConnectionValve} counts a client's requests (issue 22): each request once, error page included
 * (a request answered by an error page is not counted again by its error dispatch); a request whose client went
 * away is uncounted as soon as its worker notices, not at the body-read timeout; an address whose last request
 * ended leaves the table (no map of every client ever seen). One client (127.0.0.2) may hold {@value #LIMIT} here.
 */
@TestPropertySource(properties = {"inocds.limits.max-concurrent-per-client=" + ClientShareCountingTest.LIMIT,
        "inocds.limits.body-read-timeout=30s"})
class ClientShareCountingTest extends ServiceHttpTest {

    static final int LIMIT = 4;

    @Autowired
    ServletWebServerApplicationContext context;

    private ClientConnectionValve valve() {
        var tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        return Arrays.stream(tomcat.getEngine().getPipeline().getValves())
                .filter(ClientConnectionValve.class::isInstance).map(ClientConnectionValve.class::cast).findFirst().orElseThrow();
    }

    /** A POST from 127.0.0.2 whose chunked body has begun and never ends: it holds a worker until the socket closes. */
    private Socket hold() throws IOException {
        var socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** One request from 127.0.0.2; its status line. */
    private String request(String head) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Waits (10 s at most: the machine is shared) until exactly {@code n} requests of 127.0.0.2 are in progress: the
     * held ones have reached the valve, and a request answered just before has left it (its status line can be read
     * before its worker is done).
     */
    private void awaitInProgress(int n) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (valve().inProgress("127.0.0.2") != n && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        Thread.sleep(100);
        assertThat(valve().inProgress("127.0.0.2")).isEqualTo(n);
    }

    private static final String NOT_FOUND = "GET /no-such-page HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    private static final String BAD_JSON = "POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: 1\r\nConnection: close\r\n\r\n{";
    private static final String HEALTH = "GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @Test
    void eachRequestCountsOnceAndIsUncountedWhenItsClientIsGone() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT - 1; i++) {
                held.add(hold());
            }
            awaitInProgress(LIMIT - 1);
            // one place left: a request answered through an error page takes it once, not twice
            assertThat(request(NOT_FOUND)).isEqualTo("HTTP/1.1 404");
            awaitInProgress(LIMIT - 1);
            assertThat(request(BAD_JSON)).isEqualTo("HTTP/1.1 400");
            awaitInProgress(LIMIT - 1);
            held.add(hold());
            awaitInProgress(LIMIT);
            assertThat(request(HEALTH)).as("at its limit").isEqualTo("HTTP/1.1 503");

            // the client goes away: its requests end when their workers see it, long before the 30 s body timeout
            for (Socket s : held) {
                s.close();
            }
            held.clear();
            long until = System.nanoTime() + 5_000_000_000L;
            while (valve().clientsInProgress() > 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(valve().clientsInProgress()).as("no address is kept once its requests have ended").isZero();
            for (int i = 0; i < LIMIT; i++) {
                held.add(hold());
            }
            awaitInProgress(LIMIT);
            assertThat(request(HEALTH)).as("a full share again, no more").isEqualTo("HTTP/1.1 503");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
