package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.withFhirServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real-clients deliverable 6: the scenario suite against a real FHIR server — HAPI FHIR JPA 8.8.0 (it/hapi-jpa, on H2,
 * pages of 20, its search cache as it ships), which .ci/run builds, starts and names in {@code INOCDS_HAPI_JPA_URL}.
 * Each scenario is loaded into it once (a transaction of PUTs), and the service fetching from it must give exactly the
 * cards it gives with the full prefetch from its own sandbox. Skipped, saying so, when no such server is named.
 */
class ScenariosOnHapiJpaTest extends ScenarioHttpTest {

    private static final String JPA = System.getenv("INOCDS_HAPI_JPA_URL");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void allowTheJpaServer(DynamicPropertyRegistry registry) {
        if (JPA != null) {
            URI u = URI.create(JPA);
            registry.add("inocds.security.fhir-servers.allowlist[0].origin", () -> u.getScheme() + "://" + u.getAuthority());
        }
        // these tests compare cards, not speed: on a busy 2-core machine 39 pages from the JPA server can take longer than
        // the 5 s default, and the service then rightly answers with a DQ-2 card instead (the deadline has tests of its own)
        registry.add("inocds.fetch.call-deadline", () -> "30s");
    }

    private static boolean loaded;

    /** Each test is skipped, saying why, when no server is named (a skip per test, so that the report counts them). */
    @BeforeEach
    void loadScenariosIntoTheJpaServerOnce() throws Exception {
        Assumptions.assumeTrue(JPA != null, "INOCDS_HAPI_JPA_URL names no HAPI FHIR JPA server (.ci/run starts one): skipped");
        synchronized (ScenariosOnHapiJpaTest.class) {
            if (!loaded) {
                for (String id : ScenarioFiles.ids().toList()) {
                    put(CdsHttp.parse(Files.readString(ScenarioFiles.DIR.resolve(id + ".bundle.json"))).path("entry"));
                }
                loaded = true;
            }
        }
    }

    /** One transaction of PUTs (ids kept), so that references resolve as they would on the EHR's server. */
    static void put(JsonNode entries) throws IOException, InterruptedException {
        ObjectNode tx = CdsHttp.object().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode out = tx.putArray("entry");
        for (JsonNode e : entries) {
            JsonNode r = e.has("resource") ? e.get("resource") : e;
            ObjectNode entry = out.addObject();
            entry.set("resource", r);
            entry.putObject("request").put("method", "PUT").put("url", r.get("resourceType").asText() + "/" + r.get("id").asText());
        }
        var answer = HTTP.send(HttpRequest.newBuilder(URI.create(JPA)).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(tx.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inocds.scenarios.ScenarioFiles#ids")
    void fetchingFromHapiJpaGivesTheCardsOfTheFullPrefetch(String id) throws IOException {
        JsonNode expect = loaded(id);
        var prefetched = prefetched(id, expect);
        var fetched = fetchedFrom(JPA, id, expect);
        assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
        assertThat(Cards.withoutIds(fetched.json())).as(id + ": HAPI JPA and the full prefetch differ")
                .isEqualTo(Cards.withoutIds(prefetched.json()));
    }

    /**
     * A heavy history (774 lab results: 39 pages of 20 at HAPI JPA) gives the cards it gives from the embedded sandbox,
     * which the service reads in pages of 200: what is read does not depend on the server's page size.
     */
    @Test
    void aLongHistoryPagedBy20GivesTheCardsOfOnePagedBy200() throws Exception {
        List<ObjectNode> history = org.inocds.bench.HeavyPatient.resources("p1", 1, true);
        ArrayNode entries = CdsHttp.object().putArray("entry");
        history.forEach(r -> entries.addObject().set("resource", r));
        put(entries);
        var request = HookRequests.orderHook("order-sign", "p1",
                HookRequests.inotuzumabOrder("draft-1", "p1", new java.math.BigDecimal("1.00"), "mg", "2026-01-10"));
        var fromJpa = cds.call("inotuzumab-order-sign", withFhirServer(request.deepCopy(), JPA));
        history.forEach(r -> store.put((org.hl7.fhir.r4.model.Resource) fhir.newJsonParser().parseResource(r.toString())));
        var fromSandbox = cds.call("inotuzumab-order-sign", withFhirServer(request.deepCopy(), cds.fhirBase()));
        assertThat(fromJpa.status()).as(fromJpa.body()).isEqualTo(200);
        assertThat(fromJpa.body()).doesNotContain("DQ-3");
        assertThat(Cards.withoutIds(fromJpa.json())).isEqualTo(Cards.withoutIds(fromSandbox.json()));
    }
}
