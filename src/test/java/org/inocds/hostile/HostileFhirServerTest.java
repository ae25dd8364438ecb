package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Security review finding 2: a FHIR server that never ends its body, trickles it, or sends 10 MB per key must not
 * hold the call past its deadline, fill the heap or kill the service. Each is a small server on loopback; the call
 * deadline is 2 s here. The answer comes within the deadline + 1 s, names the cut data on a data-quality card, and
 * the next call is answered normally.
 */
class HostileFhirServerTest extends ServiceHttpTest {

    private static final long DEADLINE_MS = 2_000;
    private static final HttpServer SERVER;

    static {
        try {
            SERVER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SERVER.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "hostile-fhir");
                t.setDaemon(true);
                return t;
            }));
            SERVER.createContext("/endless", exchange -> {
                exchange.sendResponseHeaders(200, 0); // chunked, never finished
                byte[] chunk = ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[" + "{\"resource\":{\"resourceType\":\"Observation\"}},".repeat(1000))
                        .getBytes(StandardCharsets.UTF_8);
                writeUntilClosed(exchange, chunk, 0);
            });
            SERVER.createContext("/trickle", exchange -> {
                exchange.sendResponseHeaders(200, 0);
                writeUntilClosed(exchange, "{".getBytes(StandardCharsets.UTF_8), 200);
            });
            SERVER.createContext("/big", exchange -> {
                byte[] body = tenMegabyteBundle();
                exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                } catch (IOException closed) {
                    // the service hung up, as it should
                }
            });
            SERVER.createContext("/big-chunked", exchange -> {
                byte[] body = tenMegabyteBundle();
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                } catch (IOException closed) {
                    // the service hung up
                }
            });
            SERVER.createContext("/silent", exchange -> {
                try {
                    Thread.sleep(30_000); // never sends headers
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            SERVER.start();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static byte[] tenMegabyteBundle() {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[");
        String entry = "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"x\",\"status\":\"final\",\"code\":{\"text\":\"padding padding padding\"}}},";
        while (b.length() < 10 * 1024 * 1024) {
            b.append(entry);
        }
        b.append("{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"last\"}}]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeUntilClosed(HttpExchange exchange, byte[] chunk, long pauseMs) {
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 1_000_000; i++) { // bounded: stops by itself
                out.write(chunk);
                out.flush();
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
            }
        } catch (IOException closed) {
            // the service dropped the connection: what we want
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String origin() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort();
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.fhir-servers.allowlist[0].origin", HostileFhirServerTest::origin);
        registry.add("inocds.fetch.call-deadline", () -> DEADLINE_MS + "ms");
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @ParameterizedTest(name = "{0}: answered within the deadline, {1}")
    @CsvSource({
            "/endless, limit",
            "/trickle, time budget",
            "/big, over the limit of",
            "/big-chunked, limit",
            "/silent, time budget"})
    void aHostileFhirServerCannotHoldOrKillTheCall(String path, String why) {
        var request = HookRequests.withFhirServer(HookRequests.orderHook("order-sign", "p1",
                HookRequests.inotuzumabOrder("o1", "p1", new BigDecimal("1.60"), "mg", "2026-01-10")), origin() + path);
        long start = System.nanoTime();
        CdsHttp.Answer answer = cds.call("inotuzumab-order-sign", request);
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(ms).as("answered within the deadline + 1 s").isLessThan(DEADLINE_MS + 1_000);
        assertThat(answer.status()).isEqualTo(200);
        var dataQuality = answer.json().get("cards").findValues("detail").stream().map(d -> d.asText()).filter(d -> d.contains(why)).toList();
        assertThat(dataQuality).as("a data-quality card says which data was cut and why: " + answer.body()).isNotEmpty();
        assertThat(answer.body()).contains("data-quality");

        // The service is still itself: the next call is answered normally from the embedded sandbox.
        var next = cds.call("inotuzumab-order-sign", HookRequests.withFhirServer(HookRequests.orderHook("order-sign", "demo-us-c1d1",
                HookRequests.inotuzumabOrder("o2", "demo-us-c1d1", new BigDecimal("1.60"), "mg", "2026-01-10")), cds.fhirBase()));
        assertThat(next.status()).isEqualTo(200);
    }
}
