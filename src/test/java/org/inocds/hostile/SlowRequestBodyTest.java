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
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Security review finding 4: many never-ending request bodies from one client must not take every worker thread.
 * Here Tomcat has 24 threads and one client may hold 8; 60 dripping bodies come from 127.0.0.2 while an EHR on
 * 127.0.0.1 calls as usual. Beyond its share the dripping client gets 503 at once, and each body it did get in is
 * cut off after the body-read timeout (3 s here) with 408.
 */
@TestPropertySource(properties = {"server.tomcat.threads.max=24", "inocds.limits.max-concurrent-per-client=8",
        "inocds.limits.body-read-timeout=3s"})
class SlowRequestBodyTest extends ServiceHttpTest {

    private static final int SLOW_CLIENTS = 60;

    /** Sends headers and then one body byte every 300 ms (bounded: 40 bytes at most); returns the status line read. */
    private String drip() {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 40; i++) {
                if (in.available() > 0) {
                    break;
                }
                try {
                    out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(300);
            }
            byte[] line = new byte[12];
            int n = in.readNBytes(line, 0, 12);
            return new String(line, 0, n, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "closed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Test
    void oneClientsDrippingBodiesCannotStarveTheOthers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SLOW_CLIENTS);
        try {
            List<Future<String>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(pool.submit(this::drip));
            }
            Thread.sleep(1_000);

            long start = System.nanoTime();
            var answer = cds.call("inotuzumab-patient-view",
                    HookRequests.withFhirServer(HookRequests.patientView("demo-jp-c2"), cds.fhirBase()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer.status()).isEqualTo(200);
            assertThat(ms).as("the EHR is answered while the dripping client waits").isLessThan(2_000);

            List<String> statuses = new ArrayList<>();
            for (var f : slow) {
                statuses.add(f.get(20, TimeUnit.SECONDS));
            }
            long busy = statuses.stream().filter(s -> s.startsWith("HTTP/1.1 503")).count();
            long timedOut = statuses.stream().filter(s -> s.startsWith("HTTP/1.1 408")).count();
            assertThat(busy).as(statuses.toString()).isGreaterThanOrEqualTo(SLOW_CLIENTS - 8);
            assertThat(busy + timedOut).as(statuses.toString()).isEqualTo(SLOW_CLIENTS);
        } finally {
            pool.shutdownNow();
        }
    }
}
