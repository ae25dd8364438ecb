package org.inocds.bench;

import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.inocds.InocdsApplication;
import org.inocds.sandbox.DemoData;
import org.inocds.sandbox.SandboxStore;
import org.inocds.support.CdsHttp;
import org.inocds.support.FixedClockConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;

/**
 * Load benchmark (not a test): starts the service in-process on a random port with a heavy synthetic patient
 * (6 cycles, labs every other day) beside the demo ones, warms up, then times order-sign calls over HTTP —
 * full prefetch, and fetching from the embedded FHIR server — sequentially and with 2 clients.
 * Run with {@code scripts/benchmark.sh}; prints latency percentiles and throughput.
 */
public final class LoadBenchmark {

    private static final int WARMUP = 300;
    private static final int MEASURED = 1_000;

    public static void main(String[] args) throws Exception {
        try (var ctx = new SpringApplicationBuilder(InocdsApplication.class, FixedClockConfiguration.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "--logging.level.root=warn")) {
            var store = ctx.getBean(SandboxStore.class);
            var fhir = ctx.getBean(ca.uhn.fhir.context.FhirContext.class);
            DemoData.load(fhir, store, "file:fhir-resources/scenarios/*.bundle.json", FixedClockConfiguration.TODAY);
            int heavy = HeavyPatient.load(store);
            var cds = new CdsHttp(((WebServerApplicationContext) ctx).getWebServer().getPort());
            System.out.printf("heavy patient: %d resources%n", heavy);
            run(cds, "typical, full prefetch", withFullPrefetch(sign("demo-us-c1d1", "1.70"), cds, "inotuzumab-order-sign"));
            run(cds, "typical, fetch from FHIR", withFhirServer(sign("demo-us-c1d1", "1.70"), cds.fhirBase()));
            ObjectNode heavyPrefetch = withFullPrefetch(sign(HeavyPatient.ID, "0.90"), cds, "inotuzumab-order-sign");
            System.out.printf("heavy request body: %d KB%n", heavyPrefetch.toString().getBytes(StandardCharsets.UTF_8).length / 1024);
            run(cds, "heavy, full prefetch", heavyPrefetch);
            run(cds, "heavy, fetch from FHIR", withFhirServer(sign(HeavyPatient.ID, "0.90"), cds.fhirBase()));
            run(cds, "other drug (quick exit)", orderHook("order-sign", "demo-us-c1d1", org.inocds.support.HookRequests.medicationOrder(
                    "d9", "demo-us-c1d1", org.inocds.support.HookRequests.RXNORM, "197361", "amlodipine", BigDecimal.ONE, "mg", "2026-01-10")));
        }
    }

    private static ObjectNode sign(String patient, String mg) {
        return orderHook("order-sign", patient, inotuzumabOrder("draft-1", patient, new BigDecimal(mg), "mg", "2026-01-10"));
    }

    private static void run(CdsHttp cds, String name, ObjectNode request) throws Exception {
        byte[] body = request.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "application/json");
        long once = System.nanoTime();
        var first = cds.post("/cds-services/inotuzumab-order-sign", body, headers);
        System.out.printf("%-26s first call %d ms, HTTP %d, %d cards%n", name, (System.nanoTime() - once) / 1_000_000, first.status(),
                first.json() == null ? -1 : first.json().path("cards").size());
        for (int i = 0; i < WARMUP; i++) {
            check(cds.post("/cds-services/inotuzumab-order-sign", body, headers));
        }
        List<Long> sequential = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            long t = System.nanoTime();
            check(cds.post("/cds-services/inotuzumab-order-sign", body, headers));
            sequential.add(System.nanoTime() - t);
        }
        double seqSeconds = (System.nanoTime() - start) / 1e9;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        long startParallel = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            jobs.add(pool.submit(() -> check(cds.post("/cds-services/inotuzumab-order-sign", body, headers))));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        double parSeconds = (System.nanoTime() - startParallel) / 1e9;
        pool.shutdown();
        Collections.sort(sequential);
        System.out.printf("%-26s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  | 1 client %5.0f req/s | 2 clients %5.0f req/s%n", name,
                ms(sequential, 0.50), ms(sequential, 0.95), ms(sequential, 0.99), MEASURED / seqSeconds, MEASURED / parSeconds);
    }

    private static void check(CdsHttp.Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
        }
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)))) / 1e6;
    }
}
