package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.inocds.security.SelfFetch;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 22, the soak's 503s: in the demo the service fetches a call's record from its own embedded FHIR server, on
 * its own port and from the same loopback address as the caller, so those fetches counted against the caller's share
 * of workers ({@code inocds.limits.max-concurrent-per-client}) and a caller at its limit got 503s — for its calls or
 * for their fetches, which then became data-quality cards. The service's own fetches are not a caller's requests: they
 * are told apart by a secret made for this process ({@link SelfFetch}), never by the address or by a header's mere
 * presence. Here one client may hold 8 requests; 8 fetched calls at once from one client are answered exactly as a
 * call alone is, round after round; and a foreign caller on loopback that sends the header to the sandbox, with any
 * value but the secret, is counted as before (503 at its limit).
 */
@TestPropertySource(properties = {"inocds.limits.max-concurrent-per-client=" + SelfFetchShareTest.LIMIT,
        "server.tomcat.threads.max=120", "inocds.limits.body-read-timeout=8s",
        // on two cores shared with other builds, 8 cold calls at once can pass the 5 s default: this test is about the
        // share of workers, not time
        "inocds.fetch.call-deadline=30s"})
class SelfFetchShareTest extends ServiceHttpTest {

    static final int LIMIT = 8;
    private static final int ROUNDS = 6;
    private static final String SERVICE = "inotuzumab-patient-view";
    private static final String PATIENT = "demo-jp-c2";

    private static List<String> summaries(JsonNode response) {
        List<String> out = new ArrayList<>();
        response.path("cards").forEach(c -> out.add(c.path("summary").asText()));
        return out;
    }

    private static String details(JsonNode response) {
        var out = new StringBuilder();
        response.path("cards").forEach(c -> out.append(c.path("detail").asText(), 0, Math.min(400, c.path("detail").asText().length())));
        return out.toString();
    }

    @Test
    void fetchedCallsAtTheClientsLimitAreAnsweredWhileTheSandboxServesTheirFetches() throws Exception {
        // a call alone, warm (the first calls of a fresh JVM may pass a time box and give a data-quality card)
        List<String> expected = List.of();
        for (int i = 0; i < 3; i++) {
            var alone = cds.call(SERVICE, HookRequests.withFhirServer(HookRequests.patientView(PATIENT), cds.fhirBase()));
            assertThat(alone.status()).isEqualTo(200);
            expected = summaries(alone.json());
        }
        assertThat(expected).as("the patient has cards, read from the sandbox").isNotEmpty()
                .noneMatch(summary -> summary.startsWith("Patient data missing"));

        ExecutorService pool = Executors.newFixedThreadPool(LIMIT);
        try {
            List<String> problems = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                var start = new CountDownLatch(1);
                List<Future<CdsHttp.Answer>> calls = new ArrayList<>();
                for (int i = 0; i < LIMIT; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return cds.call(SERVICE, HookRequests.withFhirServer(HookRequests.patientView(PATIENT), cds.fhirBase()));
                    }));
                }
                start.countDown();
                for (var call : calls) {
                    var answer = call.get(60, TimeUnit.SECONDS);
                    if (answer.status() != 200) {
                        problems.add("round " + round + ": HTTP " + answer.status() + " " + answer.body());
                    } else if (!summaries(answer.json()).equals(expected)) {
                        problems.add("round " + round + ": cards " + summaries(answer.json()) + " " + details(answer.json()));
                    }
                }
            }
            assertThat(problems).as("%d fetched calls at once from one client whose limit is %d; alone: %s", LIMIT, LIMIT, expected).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A POST from 127.0.0.2 whose chunked body drips until the body-read timeout: it holds a worker till then. */
    private static void hold(int port, List<Socket> held) throws IOException {
        var socket = new Socket();
        held.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /cds-services/" + SERVICE + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n1\r\n{\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A GET of the sandbox from {@code from} with the self-fetch header set to {@code value} (none when null). */
    private String sandboxGet(String from, String value) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /fhir/Patient/" + PATIENT + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + (value == null ? "" : SelfFetch.HEADER + ": " + value + "\r\n") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + ")";
        }
    }

    @Test
    void aForeignCallerSendingTheSelfFetchHeaderIsCountedAsBefore() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                hold(port, held);
            }
            Thread.sleep(1_000); // the 8 bodies are being read: 127.0.0.2 is at its limit
            for (String forged : new String[] {null, "", "x", "true", "1", "self", "A".repeat(43)}) {
                assertThat(sandboxGet("127.0.0.2", forged)).as("sandbox read from the client at its limit, header %s", forged)
                        .isEqualTo("HTTP/1.1 503");
            }
            assertThat(sandboxGet("127.0.0.1", "forged")).as("another client is not affected").isEqualTo("HTTP/1.1 200");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
