package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.inocds.observability.ServiceMetrics;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Performance finding: against a plain HTTP/1.0 FHIR server (one that answers and closes, as Python's http.server does)
 * every fetch took about a second, where curl takes milliseconds. The server here is that: a raw socket on loopback that
 * reads the request head, answers HTTP/1.0 with a Content-Length, and closes, with a listen backlog of 5. Measured: the
 * second was the kernel's SYN retry for connections dropped when a call opened 11 at once; the gatherer now keeps at most
 * {@code inocds.fetch.max-parallel} (6) in flight.
 */
class Http10ServerTest {

    private ServerSocket socket;
    private Thread acceptor;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        // Python's http.server listens with a backlog of 5 and takes a moment per accepted connection
        socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread.sleep(10);
                    Thread answer = new Thread(() -> answerAndClose(s));
                    answer.setDaemon(true);
                    answer.start();
                } catch (IOException | InterruptedException e) {
                    return; // closed at the end of the test
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void answerAndClose(Socket s) {
        try (s) {
            readHead(s.getInputStream());
            byte[] body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}".getBytes(StandardCharsets.UTF_8);
            // counted before the answer leaves: the client may have read it and moved on before this thread runs again
            served.incrementAndGet();
            s.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            Thread.sleep(5); // the close comes a moment after the answer, as from Python's server
            s.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) != -1; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static final int KEYS = 11;

    /** One service call's fetching: 11 keys, through the gatherer (which bounds how many are in flight). */
    private static void fetchAll(FhirServerClient client, FhirAccess access) {
        Map<String, String> templates = new LinkedHashMap<>();
        for (int i = 0; i < KEYS; i++) {
            templates.put("k" + i, "Observation?patient={{context.patientId}}&k=" + i);
        }
        var gatherer = new PatientDataGatherer(client, new ServiceMetrics(new SimpleMeterRegistry()),
                new FetchedDataBudget(org.springframework.util.unit.DataSize.ofMegabytes(256)));
        var data = gatherer.gather("p1", templates, Map.of(), Optional.of(access), "");
        assertThat(data.outcomes().values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(PrefetchOutcome.Status.FETCHED));
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
    }

    @Test
    void anHttp10ServerIsReadAsFastAsItAnswers() {
        var client = new FhirServerClient(new ObjectMapper(), new InocdsProperties.Fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                200, 5000, Duration.ofSeconds(5), org.springframework.util.unit.DataSize.ofMegabytes(4),
                org.springframework.util.unit.DataSize.ofMegabytes(16), 6, null), org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE);
        var access = new FhirAccess(URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/fhir"), Optional.empty());
        // as a service call does: all of its 11 keys at once, call after call
        fetchAll(client, access); // connection set-up and class loading
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            fetchAll(client, access);
        }
        Duration five = Duration.ofNanos(System.nanoTime() - start);
        assertThat(served.get()).isEqualTo(6 * KEYS);
        // five calls of 11 fetches from loopback: milliseconds each; the defect made each call wait about a second
        assertThat(five).as("five calls to an HTTP/1.0 server").isLessThan(Duration.ofMillis(1500));
        client.close();
    }
}
