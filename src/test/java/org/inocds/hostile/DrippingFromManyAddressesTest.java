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
 * Issue 22, the independent attack round: the per-client share counts one address, so bodies dripping from a few
 * addresses (each under its share) took every worker (179 of 200 in chunked reads; probes 8-10 s). Bodies still to
 * come may hold at most half the workers whoever sends them; beyond, 503 and the connection closed. Here 20 workers, 6
 * sockets from each of 127.0.0.2-5 (24, each address under its share of 8) drip chunked hook calls a byte a second for
 * 12 s, with no token needed (the body is read), while probes from 127.0.0.1 must be answered within 2 s.
 */
@TestPropertySource(properties = {"server.tomcat.threads.max=20", "server.tomcat.threads.min-spare=20",
        "inocds.limits.max-concurrent-per-client=8"})
class DrippingFromManyAddressesTest extends ServiceHttpTest {

    private static final int PER_ADDRESS = 6;
    private static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
    private static final int DRIP_SECONDS = 12;

    private String drip(String from) {
        String head = "POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRIP_SECONDS);
            while (System.nanoTime() < end) {
                try {
                    out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    return "closed";
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < until) {
                    try {
                        if (in.read() < 0) {
                            return "closed";
                        }
                    } catch (java.net.SocketTimeoutException idle) {
                        // nothing to read yet
                    }
                }
            }
            return "still open";
        } catch (IOException e) {
            return "closed (" + e.getClass().getSimpleName() + ")";
        }
    }

    @Test
    void bodiesDrippingFromManyAddressesLeaveWorkersForOthers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PER_ADDRESS * ADDRESSES.size());
        try {
            List<Future<String>> dripping = new ArrayList<>();
            for (String from : ADDRESSES) {
                for (int i = 0; i < PER_ADDRESS; i++) {
                    dripping.add(pool.submit(() -> drip(from)));
                }
            }
            Thread.sleep(2_000);
            List<String> probes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                probes.add(DrippingBodiesTest.probe(port));
                Thread.sleep(1_500);
            }
            assertThat(probes).as("probes from another address while 24 bodies drip from four").allMatch(p -> p.equals("HTTP/1.1 200"));
            for (var f : dripping) {
                f.get(40, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(20, TimeUnit.SECONDS);
        }
    }
}
