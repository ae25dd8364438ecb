package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hl7.fhir.r4.model.Patient;
import org.inocds.prefetch.FetchedDataBudget;
import org.inocds.sandbox.SandboxStore;
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
 * Issue 22 (defects 3 and 5, the hidden round of 2026-12-07): JSON within every byte limit but dense in elements — a
 * Patient of 1.5 million empty extensions in a 4.6 MB prefetch, FHIR responses of 1.25 MB of {@code {}}, a sandbox PUT of
 * 200,000 extensions with only a url — became a hundred bytes of heap a byte once HAPI bound it, and one call made the
 * pod's JVM exit. Every JSON that reaches HAPI's parser is now counted in elements before anything is built from it:
 * beyond {@code inocds.limits.max-json-elements} (1,000,000) refused as a too-large body is (413, or the key failed:
 * DQ-2), and what it becomes charged to the budgets of all callers. Over a real port, with a FHIR server on loopback.
 */
class JsonElementBoundTest extends ServiceHttpTest {

    private static final String PATIENT = "demo-jp-c2";
    private static final HttpServer SERVER = LoopbackFhirServer.start("dense-fhir", 8, JsonElementBoundTest::answer);


    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.fhir-servers.allowlist[0].origin", JsonElementBoundTest::origin);
        registry.add("inocds.limits.max-bodies-in-progress", () -> "16MB");
        registry.add("inocds.fetch.call-deadline", () -> "10s");
        registry.add("inocds.fetch.read-timeout", () -> "10s");
        registry.add("inocds.sandbox.max-written-bytes", () -> "1MB");
    }

    @Autowired
    FetchedDataBudget fetchedBudget;

    @Autowired
    SandboxStore store;

    private static String origin() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort();
    }

    /** {@code n} copies of {@code item}, comma-separated. */
    private static String repeated(String item, int n) {
        StringBuilder b = new StringBuilder(n * (item.length() + 1));
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(item);
        }
        return b.toString();
    }

    /**
     * Patient "dense": every search a Bundle of one resource of 400,000 empty extensions (1.2 MB, 800,000 elements: within
     * the 4 MB response cap, the 16 MB call cap and the element bound, but a hundred bytes of heap a byte); patient "huge"
     * is itself 1.2 million empty extensions (1.8 MB); patient "plain" is an ordinary patient with nothing else.
     */
    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body;
        if (query == null) { // a read: /fhir/Patient/{id}
            String id = path.substring(path.lastIndexOf('/') + 1);
            String extensions = id.equals("huge") ? ",\"extension\":[" + repeated("{}", 1_200_000) + "]" : "";
            body = "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\",\"birthDate\":\"1980-01-01\"" + extensions + "}";
        } else if (query.contains("dense")) {
            String type = path.substring(path.lastIndexOf('/') + 1);
            body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"" + type
                    + "\",\"id\":\"x\",\"extension\":[" + repeated("{}", 400_000) + "]}}]}";
        } else {
            body = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException hungUp) {
            // the service stopped reading, as it may
        }
    }

    /** A full-prefetch order-sign call whose patient carries {@code emptyExtensions} empty extensions. */
    private byte[] prefetchWithEmptyExtensions(int emptyExtensions) {
        var request = HookRequests.withFullPrefetch(HookRequests.orderHook("order-sign", PATIENT,
                HookRequests.inotuzumabOrder("draft-1", PATIENT, new BigDecimal("1.60"), "mg", "2026-01-10")), cds, "inotuzumab-order-sign");
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.get("prefetch").get("patient")).put("extension", "@DENSE@");
        String json = request.toString().replace("\"@DENSE@\"", "[" + repeated("{}", emptyExtensions) + "]");
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private CdsHttp.Answer post(byte[] body) {
        return cds.post("/cds-services/inotuzumab-order-sign", body, Map.of("Content-Type", "application/json"));
    }

    @Test
    void aPrefetchOfEmptyObjectsUnderTheBodyLimitIsRefusedAtOnce() {
        byte[] body = prefetchWithEmptyExtensions(1_500_000);
        assertThat(body.length).as("under the 5 MB body limit").isLessThan(5 * 1024 * 1024);
        long start = System.nanoTime();
        var answer = post(body);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.body()).contains("more than 1000000 JSON elements");
        assertThat(ms).as("refused before anything is built").isLessThan(2_000);

        var normal = post(prefetchWithEmptyExtensions(0));
        assertThat(normal.status()).as(normal.body()).isEqualTo(200);
    }

    @Test
    void aDensePrefetchWithinTheBoundIsChargedWhatItBecomes() throws Exception {
        // 450,000 empty extensions: 1.35 MB, 900,000 elements, about 115 MB of heap once bound — charged as 14.4 MB of
        // ordinary JSON, not 1.35 MB: with 4 MB of a 16 MB budget held by another caller, there is no room for it
        byte[] dense = prefetchWithEmptyExtensions(450_000);
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            holder.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            OutputStream out = holder.getOutputStream();
            out.write(("POST /cds-services/inotuzumab-patient-view HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("{\"pad\":\"" + "y".repeat(4 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(500);
            var refused = post(dense);
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotNull();
        }
        long start = System.nanoTime();
        var alone = post(dense);
        assertThat(alone.status()).as(alone.body()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        assertThat(post(prefetchWithEmptyExtensions(0)).status()).isEqualTo(200);
    }

    private CdsHttp.Answer fetchedCall(String patientId) {
        var request = HookRequests.withFhirServer(HookRequests.orderHook("order-sign", patientId,
                HookRequests.inotuzumabOrder("draft-1", patientId, new BigDecimal("1.60"), "mg", "2026-01-10")), origin() + "/fhir");
        return cds.call("inotuzumab-order-sign", request);
    }

    @Test
    void fetchedResponsesDenseInElementsAreChargedWhatTheyBecomeAndRefusedBeyondTheBound() {
        long start = System.nanoTime();
        var dense = fetchedCall("dense");
        System.out.printf("dense fetched call: %d in %d ms%n", dense.status(), (System.nanoTime() - start) / 1_000_000);
        // each search answer is 1.2 MB (16 MB allowed a call) but 12.8 MB counted by its elements: the second passes the
        // call's limit, and the keys over it are named on a data-quality card (DQ-2)
        assertThat(dense.status()).as(dense.body()).isEqualTo(200);
        assertThat(dense.body()).contains("the JSON elements of this call");

        var huge = fetchedCall("huge");
        assertThat(huge.status()).as(huge.body()).isIn(200, 412);
        assertThat(huge.body()).contains("more than 1000000 JSON elements");

        var plain = fetchedCall("plain");
        assertThat(plain.status()).as(plain.body()).isEqualTo(200);
        assertThat(plain.body()).doesNotContain("JSON elements");
        assertThat(fetchedBudget.inUse().toBytes()).as("every share given back").isZero();
        assertThat(cds.get("/actuator/health/readiness", Map.of()).status()).isEqualTo(200);
    }

    private int put(String id, String body) {
        return cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Patient/" + id)).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build()).status();
    }

    private static String patientWith(String id, String field, String items) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"" + field + "\":[" + items + "]}";
    }

    @Test
    void sandboxWritesAreBoundedByWhatTheyBecomeAndCountedByWhatIsKept() {
        // 200,000 extensions with only a url: HAPI parses 200,000 Extension objects but encodes them to nothing; what is
        // kept is what the resource encodes to, so nothing of them stays
        assertThat(put("ext", patientWith("ext", "extension", repeated("{\"url\":\"http://a\"}", 200_000)))).isEqualTo(201);
        var kept = (Patient) store.get("Patient", "ext").orElseThrow();
        assertThat(kept.getExtension()).isEmpty();

        // beyond the element bound within the byte limit: refused before HAPI parses it
        assertThat(put("empty", patientWith("empty", "extension", repeated("{}", 1_500_000)))).isEqualTo(413);
        assertThat(store.get("Patient", "empty")).isEmpty();

        // kept elements are counted by what they become: 60,000 telecoms of an id each are 660 KB encoded (under the
        // 1 MB written here) but 240,000 elements, as much heap as 3.8 MB of ordinary JSON
        assertThat(put("ids", patientWith("ids", "telecom", repeated("{\"id\":\"a\"}", 60_000)))).isEqualTo(413);
        assertThat(put("few", patientWith("few", "telecom", repeated("{\"id\":\"a\"}", 1_000)))).isEqualTo(201);

        // XML would reach HAPI's parser uncounted
        var xml = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Patient/xml")).header("Content-Type", "application/fhir+xml")
                .PUT(HttpRequest.BodyPublishers.ofString("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"xml\"/></Patient>")).build());
        assertThat(xml.status()).isEqualTo(415);
        // a search by POST sends form parameters, not a resource: searched as ever
        var search = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Patient/_search"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("_id=" + PATIENT)).build());
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(search.body()).contains(PATIENT);
        assertThat(cds.get(cds.fhirBase() + "/Patient/" + PATIENT, Map.of()).status()).as("the sandbox still answers").isEqualTo(200);
    }
}
