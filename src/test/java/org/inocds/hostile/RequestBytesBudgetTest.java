package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Request bytes in progress are bounded across all callers ({@code inocds.limits.max-bodies-in-progress}, 256 KB here):
 * many large calls at once ran a small heap out (docs/performance.md). A body is charged as its bytes arrive, so
 * one caller holding 200 KB of an unfinished body leaves room for small calls but not for a 100 KB one, which is
 * answered 503 with Retry-After after waiting a second; once that body is gone, the same call is answered.
 */
@TestPropertySource(properties = {"inocds.limits.max-bodies-in-progress=256KB", "inocds.limits.body-read-timeout=8s"})
class RequestBytesBudgetTest extends ServiceHttpTest {

    private static final int HELD = 200 * 1024;

    @Test
    void aCallFindingNoRoomIsAnswered503AndServedOnceThereIsRoom() throws Exception {
        var large = HookRequests.withFhirServer(HookRequests.patientView("demo-jp-c2"), cds.fhirBase());
        large.putObject("extension").put("org.example.padding", "x".repeat(100 * 1024));
        var small = HookRequests.withFhirServer(HookRequests.patientView("demo-jp-c2"), cds.fhirBase());

        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            holder.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            OutputStream out = holder.getOutputStream();
            out.write(("POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (HELD * 2) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("{\"pad\":\"" + "y".repeat(HELD - 8)).getBytes(StandardCharsets.US_ASCII)); // 200 KB sent of 400
            out.flush();
            Thread.sleep(500); // read by the server, and charged

            assertThat(cds.call("inotuzumab-patient-view", small).status()).as("a small call still fits").isEqualTo(200);
            long start = System.nanoTime();
            var refused = cds.call("inotuzumab-patient-view", large);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().at("/issue/0/code").asText()).isEqualTo("throttled");
            assertThat(waitedMs).as("waited for room, then answered").isBetween(900L, 4_000L);

            holder.shutdownOutput(); // the body ends short: the server's read fails and its bytes are given back
            InputStream in = holder.getInputStream();
            holder.setSoTimeout(10_000);
            in.readNBytes(12);
        }
        Thread.sleep(200);
        var served = cds.call("inotuzumab-patient-view", large);
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        // every call answered gave its bytes back: several large calls in a row all fit
        for (int i = 0; i < 5; i++) {
            assertThat(cds.call("inotuzumab-patient-view", large).status()).isEqualTo(200);
        }
    }
}
