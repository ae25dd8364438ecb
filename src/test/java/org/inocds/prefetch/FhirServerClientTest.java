package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.security.SelfFetch;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FHIR reader against a real local HTTP server: pages, the page cap, redirects, origins and the token. */
class FhirServerClientTest {

    /** These tests connect to literal loopback addresses only. */
    private static final org.apache.hc.client5.http.DnsResolver SYSTEM_DNS = org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE;

    private HttpServer server;
    private HttpServer other;
    private final Map<String, String> seenAuthorization = new ConcurrentHashMap<>();
    private FhirServerClient client;
    private final SelfFetch self = new SelfFetch();
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
        String otherBase = "http://127.0.0.1:" + other.getAddress().getPort() + "/fhir";
        // Observation pages: page N links to page N+1, up to 5 pages
        server.createContext("/fhir/Observation", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            int page = query != null && query.contains("page=") ? Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1")) : 1;
            seenAuthorization.put("page" + page, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seenAuthorization.put("self" + page, String.valueOf(exchange.getRequestHeaders().getFirst(SelfFetch.HEADER)));
            String next = page < 5 ? ",\"link\":[{\"relation\":\"next\",\"url\":\"" + base + "/Observation?page=" + (page + 1) + "\"}]" : "";
            respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
                    + "{\"resourceType\":\"Observation\",\"id\":\"o" + page + "\"}}]" + next + "}");
        });
        server.createContext("/fhir/Condition", exchange -> respond(exchange, 200,
                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c1\"}}],"
                        + "\"link\":[{\"relation\":\"next\",\"url\":\"" + otherBase + "/Condition?page=2\"}]}"));
        server.createContext("/fhir/Procedure", exchange -> {
            exchange.getResponseHeaders().add("Location", otherBase + "/Procedure");
            respond(exchange, 302, "");
        });
        server.createContext("/fhir/Patient", exchange -> respond(exchange, 404,
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}"));
        server.createContext("/fhir/AllergyIntolerance", exchange -> respond(exchange, 403,
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"forbidden\",\"diagnostics\":\"scope\"}]}"));
        other.createContext("/", exchange -> {
            seenAuthorization.put("other", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seenAuthorization.put("otherSelf", String.valueOf(exchange.getRequestHeaders().getFirst(SelfFetch.HEADER)));
            respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}");
        });
        server.createContext("/fhir/ServiceRequest", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            seenAuthorization.put("srQuery" + (query.contains("page=") ? "2" : "1"), query);
            seenAuthorization.put("srCache", String.valueOf(exchange.getRequestHeaders().getFirst("Cache-Control")));
            int page = query.contains("page=") ? 2 : 1;
            String next = ",\"link\":[{\"relation\":\"next\",\"url\":\"" + base + "/ServiceRequest?page=" + (page + 1) + "\"}]";
            respond(exchange, 200, "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":5,\"entry\":["
                    + "{\"resource\":{\"resourceType\":\"ServiceRequest\",\"id\":\"a" + page + "\"}},"
                    + "{\"resource\":{\"resourceType\":\"ServiceRequest\",\"id\":\"b" + page + "\"}}]" + next + "}");
        });
        server.start();
        other.start();
        client = new FhirServerClient(new ObjectMapper(), new InocdsProperties.Fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, 200, 5000, Duration.ofSeconds(5),
                org.springframework.util.unit.DataSize.ofMegabytes(4), org.springframework.util.unit.DataSize.ofMegabytes(16), 6, null), SYSTEM_DNS, self);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        other.stop(0);
    }

    private FhirAccess access() {
        return new FhirAccess(URI.create(base), Optional.of("secret-token"));
    }

    @Test
    void followsNextLinksUpToThePageCapAndSaysTheRestIsMissing() {
        var result = client.fetch("labs", "Observation?patient=1", access()).join();
        assertThat(result.unreachable()).isFalse();
        assertThat(result.outcome().status()).isEqualTo(PrefetchOutcome.Status.TRUNCATED);
        assertThat(result.outcome().resources()).extracting(r -> r.get("id").asText()).containsExactly("o1", "o2", "o3");
        assertThat(result.outcome().problem()).hasValueSatisfying(p -> assertThat(p).contains("read 3 resources", "3 pages"));
        assertThat(seenAuthorization).containsEntry("page1", "Bearer secret-token").containsEntry("page3", "Bearer secret-token")
                .doesNotContainKey("page4");
    }

    /** Real-clients finding 5 and 6: our page size, a cap by resources with the server's total, no cached searches. */
    @Test
    void asksForItsPageSizeCapsByResourcesAndSaysHowManyOfHowMany() {
        var capped = new FhirServerClient(new ObjectMapper(), new InocdsProperties.Fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), 100,
                50, 3, Duration.ofSeconds(5), org.springframework.util.unit.DataSize.ofMegabytes(4),
                org.springframework.util.unit.DataSize.ofMegabytes(16), 6, null), SYSTEM_DNS);
        var result = capped.fetch("serviceRequests", "ServiceRequest?patient=1", access()).join();
        assertThat(result.outcome().status()).isEqualTo(PrefetchOutcome.Status.TRUNCATED);
        assertThat(result.outcome().resources()).hasSize(4);
        assertThat(result.outcome().problem()).hasValueSatisfying(p -> assertThat(p).contains("read 4 of 5 resources"));
        assertThat(seenAuthorization.get("srQuery1")).isEqualTo("patient=1&_count=50");
        assertThat(seenAuthorization).containsEntry("srCache", "no-cache");
    }

    @Test
    void nextLinkToAnotherOriginIsNotFollowedAndGetsNoToken() {
        var result = client.fetch("conditions", "Condition?patient=1", access()).join();
        assertThat(result.outcome().status()).isEqualTo(PrefetchOutcome.Status.TRUNCATED);
        assertThat(result.outcome().resources()).hasSize(1);
        assertThat(seenAuthorization).doesNotContainKey("other");
    }

    /**
     * Issue 22, the soak: the proof that a fetch is the service's own goes on every page of a fetch from this
     * service's own sandbox, and never to another server: not on an ordinary fetch, not across a next link.
     */
    @Test
    void theSelfFetchProofGoesOnlyToThisServicesOwnSandbox() {
        client.fetch("labs", "Observation?patient=1", new FhirAccess(URI.create(base), Optional.empty(), true)).join();
        assertThat(seenAuthorization).containsEntry("self1", self.secret()).containsEntry("self3", self.secret());
        seenAuthorization.clear();
        client.fetch("labs", "Observation?patient=1", access()).join();
        assertThat(seenAuthorization).containsEntry("self1", "null").containsEntry("self3", "null");
        client.fetch("conditions", "Condition?patient=1", new FhirAccess(URI.create(base), Optional.empty(), true)).join();
        assertThat(seenAuthorization).doesNotContainKey("otherSelf");
        assertThat(new SelfFetch().secret()).as("drawn per process, at random").isNotEqualTo(self.secret()).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void redirectsAreNotFollowed() {
        var result = client.fetch("procedures", "Procedure?patient=1", access()).join();
        assertThat(result.outcome().status()).isEqualTo(PrefetchOutcome.Status.FAILED);
        assertThat(result.outcome().problem()).hasValueSatisfying(p -> assertThat(p).contains("302", "not followed"));
        assertThat(seenAuthorization).doesNotContainKey("other");
    }

    @Test
    void aReadThatFindsNothingIsNoneFoundAndAnErrorIsAFailure() {
        var read = client.fetch("patient", "Patient/1", access()).join();
        assertThat(read.outcome().status()).isEqualTo(PrefetchOutcome.Status.NONE_FOUND);
        var forbidden = client.fetch("allergies", "AllergyIntolerance?patient=1", access()).join();
        assertThat(forbidden.outcome().status()).isEqualTo(PrefetchOutcome.Status.FAILED);
        assertThat(forbidden.outcome().problem()).hasValueSatisfying(p -> assertThat(p).contains("HTTP 403", "scope"));
        assertThat(forbidden.unreachable()).isFalse();
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() {
        server.stop(0);
        var result = client.fetch("labs", "Observation?patient=1", access()).join();
        assertThat(result.unreachable()).isTrue();
        assertThat(result.outcome().status()).isEqualTo(PrefetchOutcome.Status.FAILED);
    }

    @Test
    void queryCharactersAreEncoded() {
        assertThat(FhirServerClient.resolve(URI.create("https://ehr.example.org/fhir/"), "Observation?code=http://loinc.org|8302-2"))
                .hasToString("https://ehr.example.org/fhir/Observation?code=http://loinc.org%7C8302-2");
        assertThat(FhirServerClient.sameOrigin(URI.create("https://a.example/x"), URI.create("https://A.example:443/y"))).isTrue();
        assertThat(FhirServerClient.sameOrigin(URI.create("https://a.example/x"), URI.create("http://a.example/x"))).isFalse();
        assertThat(List.of()).isEmpty();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
