package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Security review finding 8 (DNS rebinding): the fhirServer's host is resolved once, for the check, and the fetch
 * connects to the address that was checked, never resolving again. The names here resolve only through the test's
 * own resolver (".test" exists nowhere); the only server is on loopback.
 */
class AddressPinningTest {

    private HttpServer server;
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir/Patient", exchange -> {
            hits.incrementAndGet();
            byte[] body = ("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"meta\":{\"source\":\"" + exchange.getRequestHeaders().getFirst("Host") + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private InocdsProperties properties(String origin) {
        return new Binder(new MapConfigurationPropertySource(Map.of("inocds.security.fhir-servers.allowlist[0].origin", origin)))
                .bindOrCreate("inocds", InocdsProperties.class);
    }

    @Test
    void theFetchConnectsToTheAddressTheCheckResolvedAndResolvesNothingItself() throws Exception {
        int port = server.getAddress().getPort();
        String base = "http://ehr.test:" + port + "/fhir";
        var checked = new CheckedAddresses();
        // the first answer is loopback (our server); any later one would be elsewhere — it must never be asked for
        var policy = new FhirServerPolicy(properties("http://ehr.test:" + port), host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.9.9.9")}, checked);
        var client = new FhirServerClient(new ObjectMapper(), properties("http://ehr.test:" + port).fetch(), checked);
        try {
            assertThat(policy.check(URI.create(base), Optional.empty()).allowed()).isTrue();
            var result = client.fetch("patient", "Patient/p1", new FhirAccess(URI.create(base), Optional.empty())).join();
            assertThat(result.outcome().status()).isEqualTo(PrefetchOutcome.Status.FETCHED);
            assertThat(result.outcome().resources().get(0).at("/meta/source").asText()).as("the Host header keeps the name")
                    .isEqualTo("ehr.test:" + port);
            var again = client.fetch("patient", "Patient/p1", new FhirAccess(URI.create(base), Optional.empty())).join();
            assertThat(again.outcome().status()).isEqualTo(PrefetchOutcome.Status.FETCHED);
            assertThat(lookups.get()).as("resolved once, by the check").isEqualTo(1);
            assertThat(hits.get()).isEqualTo(2);
        } finally {
            client.close();
        }
    }

    @Test
    void aHostThatWasNotCheckedIsNeitherResolvedNorReached() {
        int port = server.getAddress().getPort();
        var client = new FhirServerClient(new ObjectMapper(), properties("http://ehr.test:" + port).fetch(), new CheckedAddresses());
        try {
            var result = client.fetch("patient", "Patient/p1",
                    new FhirAccess(URI.create("http://unchecked.test:" + port + "/fhir"), Optional.empty())).join();
            assertThat(result.outcome().status()).isEqualTo(PrefetchOutcome.Status.FAILED);
            assertThat(result.unreachable()).isTrue();
            assertThat(hits.get()).isZero();
        } finally {
            client.close();
        }
    }
}
