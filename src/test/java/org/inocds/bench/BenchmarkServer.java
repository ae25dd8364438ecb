package org.inocds.bench;

import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inocds.InocdsApplication;
import org.inocds.sandbox.DemoData;
import org.inocds.sandbox.SandboxStore;
import org.inocds.support.CdsHttp;
import org.inocds.support.FixedClockConfiguration;
import org.inocds.support.HookRequests;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The service under load for {@code scripts/benchmark.sh} (not a test): started on the port given, with the scenario
 * patients and synthetic heavy ones (× 1, × 4 and × 8 the lab history; and a heavy patient never given inotuzumab) in
 * its embedded FHIR server. It writes one request body per benchmark case into the folder given, each checked once
 * to answer 200, then prints {@code READY} and serves until killed, so that wrk (another process) drives it.
 *
 * <p>Arguments: port, output folder, then any further {@code --name=value} settings.
 */
public final class BenchmarkServer {

    static final String TYPICAL = "s09-c2d1-on-time";

    private BenchmarkServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<String> settings = new ArrayList<>(List.of(
                "--server.port=" + port, "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", "--logging.level.root=warn",
                // one load generator on loopback is one client address: the per-client cap would answer 503 by design
                "--inocds.limits.max-concurrent-per-client=1000"));
        settings.addAll(List.of(args).subList(2, args.length)); // further --name=value settings, e.g. another FHIR server allowed
        var ctx = new SpringApplicationBuilder(InocdsApplication.class, FixedClockConfiguration.class).run(settings.toArray(String[]::new));
        var store = ctx.getBean(SandboxStore.class);
        var fhir = ctx.getBean(ca.uhn.fhir.context.FhirContext.class);
        DemoData.load(fhir, store, "file:fhir-resources/scenarios/*.bundle.json", FixedClockConfiguration.TODAY);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("heavy", HeavyPatient.load(store, fhir, "bench-heavy", 1, true));
        sizes.put("heavy4", HeavyPatient.load(store, fhir, "bench-heavy4", 4, true));
        sizes.put("heavy8", HeavyPatient.load(store, fhir, "bench-heavy8", 8, true));
        sizes.put("untreated", HeavyPatient.load(store, fhir, "bench-untreated", 1, false));
        var cds = new CdsHttp(port);

        Map<String, ObjectNode> cases = new LinkedHashMap<>();
        String sign = "inotuzumab-order-sign";
        cases.put("typical-prefetch", withFullPrefetch(sign(TYPICAL), cds, sign));
        cases.put("typical-fetch", withFhirServer(sign(TYPICAL), cds.fhirBase()));
        for (String heavy : new String[] {"heavy", "heavy4", "heavy8"}) {
            cases.put(heavy + "-prefetch", withFullPrefetch(sign("bench-" + heavy), cds, sign));
        }
        cases.put("heavy-fetch", withFhirServer(sign("bench-heavy"), cds.fhirBase()));
        cases.put("untreated-pv-prefetch", withFullPrefetch(HookRequests.patientView("bench-untreated"), cds, "inotuzumab-patient-view"));
        cases.put("untreated-pv-fetch", withFhirServer(HookRequests.patientView("bench-untreated"), cds.fhirBase()));
        for (var c : cases.entrySet()) {
            String service = c.getValue().get("hook").asText().equals("patient-view") ? "inotuzumab-patient-view" : sign;
            var answer = cds.call(service, c.getValue());
            if (answer.status() != 200) {
                throw new IllegalStateException(c.getKey() + " answered " + answer.status() + ": " + answer.body());
            }
            byte[] body = c.getValue().toString().getBytes(StandardCharsets.UTF_8);
            Files.write(out.resolve(c.getKey() + ".json"), body);
            Files.writeString(out.resolve(c.getKey() + ".service"), service);
            System.out.printf("case %s: %d bytes, %d cards%n", c.getKey(), body.length, answer.json().get("cards").size());
        }
        sizes.forEach((k, v) -> System.out.printf("resources %s: %d%n", k, v));
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static ObjectNode sign(String patient) {
        return orderHook("order-sign", patient, inotuzumabOrder("draft-1", patient, new BigDecimal("1.00"), "mg", "2026-01-10"));
    }
}
