package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.inocds.prefetch.FetchedDataBudget;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.inocds.support.LoopbackFhirServer;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 22, defect 3, over a real port: a FHIR server on loopback answers every search with pages of 17,000 tiny
 * Observations (each page within every per-response cap) and 8 calls fetch from it at once. The fetched data is
 * charged to one budget shared by all calls — set small here ({@value #BUDGET}), rather than the heap — so every call
 * is answered, with cards or a clear refusal (503 with Retry-After), the budget is whole again afterwards, a call alone
 * then gets its cards, and readiness says UP (the FHIR client's I/O threads alive).
 */
class FetchedDataConcurrencyTest extends ServiceHttpTest {

    private static final String BUDGET = "24MB";
    private static final int PER_PAGE = 17_000;
    private static final int PAGES = 2;
    private static final HttpServer SERVER = LoopbackFhirServer.start("many-tiny-fhir", 16, FetchedDataConcurrencyTest::answer);
    private static final AtomicInteger PAGES_SERVED = new AtomicInteger();

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.fhir-servers.allowlist[0].origin", FetchedDataConcurrencyTest::origin);
        registry.add("inocds.fetch.max-fetched-in-progress", () -> BUDGET);
        registry.add("inocds.fetch.call-deadline", () -> "8s");
    }

    @Autowired
    FetchedDataBudget budget;

    private static String origin() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort();
    }

    /** The patient read as a Patient; every search as pages of tiny Observations (a next link on all but the last). */
    private static void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        if (query == null) {
            body = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\",\"birthDate\":\"1980-01-01\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            int page = query.contains("page=") ? Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1")) : 1;
            StringBuilder b = new StringBuilder(PER_PAGE * 80).append("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"");
            if (page < PAGES) {
                b.append(",\"link\":[{\"relation\":\"next\",\"url\":\"").append(origin()).append(path).append("?page=")
                        .append(page + 1).append("\"}]");
            }
            b.append(",\"entry\":[");
            for (int i = 0; i < PER_PAGE; i++) {
                b.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o").append(page).append('-')
                        .append(i).append("\",\"status\":\"final\"}}");
            }
            body = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            PAGES_SERVED.incrementAndGet();
        }
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException hungUp) {
            // the service stopped reading, as it may
        }
    }

    private CdsHttp.Answer call() {
        var request = HookRequests.withFhirServer(HookRequests.orderHook("order-sign", "p1",
                HookRequests.inotuzumabOrder("draft-1", "p1", new BigDecimal("1.60"), "mg", "2026-01-10")), origin() + "/fhir");
        return cds.call("inotuzumab-order-sign", request);
    }

    @Test
    void eightCallsOfManyTinyResourcesAreAllAnsweredWithinOneSharedBudget() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<CdsHttp.Answer>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            answers.add(callers.submit((Callable<CdsHttp.Answer>) this::call));
        }
        int cards = 0;
        int refused = 0;
        for (Future<CdsHttp.Answer> f : answers) {
            CdsHttp.Answer answer = f.get(60, TimeUnit.SECONDS);
            if (answer.status() == 200) {
                assertThat(answer.json().get("cards")).isNotNull();
                cards++;
            } else {
                assertThat(answer.status()).as(answer.body()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isEqualTo("1");
                assertThat(answer.body()).contains("fetched FHIR data");
                refused++;
            }
        }
        callers.shutdownNow();
        System.out.printf("8 concurrent calls: %d with cards, %d refused (503), %d pages served, %d ms%n", cards, refused,
                PAGES_SERVED.get(), (System.nanoTime() - start) / 1_000_000);
        assertThat(cards + refused).isEqualTo(8);
        assertThat(refused).as("the budget of %s cannot hold 8 such calls at once", BUDGET).isPositive();
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(60);
        assertThat(PAGES_SERVED.get()).isPositive();
        // every share given back once its call was answered
        assertThat(budget.inUse().toBytes()).isZero();

        var readiness = cds.get("/actuator/health/readiness", Map.of());
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");

        // alone, a call fits (a call larger than the whole budget is served alone): cards, with the cut data named
        CdsHttp.Answer alone = call();
        assertThat(alone.status()).as(alone.body()).isEqualTo(200);
        assertThat(alone.body()).contains("DQ-");
        assertThat(budget.inUse().toBytes()).isZero();
    }
}
