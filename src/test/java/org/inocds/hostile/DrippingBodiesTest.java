package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 22 defect 1: a request that was answered without its body being read (a 401 for want of a token, the
 * per-client 503, a 408, a GET that never reads its body) must not keep a worker thread while Tomcat swallows the
 * rest of a body that drips in a byte at a time. Here Tomcat has 20 workers and JWT is required; 30 sockets from
 * 127.0.0.2 send such requests and then drip a byte a second for 12 s, while probes from 127.0.0.1 must be answered
 * within 2 s throughout. Loopback only; bounded in sockets (30) and time (about 15 s).
 */
@TestPropertySource(properties = {"server.tomcat.threads.max=20", "server.tomcat.threads.min-spare=20",
        "inocds.limits.max-concurrent-per-client=8",
        "inocds.security.jwt.required=true", "inocds.security.jwt.issuers[0].iss=https://ehr.example.org",
        "inocds.security.jwt.issuers[0].jwks={\"keys\":[]}"})
class DrippingBodiesTest extends ServiceHttpTest {

    private static final int DRIPPING = 30;
    private static final int DRIP_SECONDS = 12;

    /** What each dripping socket sends before its body: requests answered without reading the body. */
    private static final String[] HEADS = {
        // no token: 401 before any body is read, 6 MB announced
        "POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 6000000\r\n\r\n",
        // the same, chunked
        "POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n",
        // a public GET that never reads the body it was sent
        "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 6000000\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n",
    };

    /** Sends one request head and then a body byte a second; returns when the server closes or the drip ends. */
    private String drip(int i) {
        String head = HEADS[i % HEADS.length];
        boolean chunked = head.contains("chunked");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var seen = new StringBuilder();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRIP_SECONDS);
            while (System.nanoTime() < end) {
                try {
                    out.write((chunked ? "1\r\n \r\n" : " ").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    return "closed " + seen;
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < until) {
                    try {
                        int b = in.read();
                        if (b < 0) {
                            return "closed " + seen;
                        }
                        if (seen.length() < 12) {
                            seen.append((char) b);
                        }
                    } catch (java.net.SocketTimeoutException idle) {
                        // nothing to read yet
                    }
                }
            }
            return "still open " + seen;
        } catch (IOException e) {
            return "closed (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** A GET of the health probe from 127.0.0.1 with a 2 s limit; the status line or what went wrong. */
    private String probe() {
        return probe(port);
    }

    /** A GET of the health probe from 127.0.0.1 with a 2 s limit; the status line or what went wrong. */
    static String probe(int port) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] line = socket.getInputStream().readNBytes(12);
            return new String(line, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "no answer within 2 s (" + e.getClass().getSimpleName() + ")";
        }
    }

    @Test
    void answeredRequestsWhoseBodiesDripDoNotKeepWorkers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(DRIPPING);
        try {
            List<Future<String>> dripping = new ArrayList<>();
            for (int i = 0; i < DRIPPING; i++) {
                int n = i;
                dripping.add(pool.submit(() -> drip(n)));
            }
            Thread.sleep(2_000);
            List<String> probes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                probes.add(probe());
                Thread.sleep(1_500);
            }
            assertThat(probes).as("probes from another address while 30 bodies drip").allMatch(p -> p.equals("HTTP/1.1 200"));

            List<String> ends = new ArrayList<>();
            for (var f : dripping) {
                ends.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(ends).as("every dripping connection is answered and closed, never swallowed")
                    .allMatch(e -> e.startsWith("closed"));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(20, TimeUnit.SECONDS);
        }
    }
}
