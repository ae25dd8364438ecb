package org.inocds.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.inocds.prefetch.CheckedAddresses;
import org.inocds.prefetch.FhirServerPolicy;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The SMART token request goes to the addresses the FHIR server policy checked for the token endpoint's host, as the
 * cards' fetch does ({@code prefetch/AddressPinningTest}): the host is resolved once, by the check, and a name that
 * answers elsewhere the second time (DNS rebinding) is never asked again. The names resolve only through the test's
 * resolver (".test" exists nowhere); every address is loopback.
 */
class TokenRequestPinningTest {

    private HttpServer server;
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<String> host = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            hits.incrementAndGet();
            host.set(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300,\"patient\":\"p1\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
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

    private static InocdsProperties properties(String origin) {
        return new Binder(new MapConfigurationPropertySource(Map.of("inocds.security.fhir-servers.allowlist[0].origin", origin)))
                .bindOrCreate("inocds", InocdsProperties.class);
    }

    private static TokenRequest request(URI endpoint) {
        return new TokenRequest(endpoint, new ClientID("app"),
                new AuthorizationCodeGrant(new AuthorizationCode("code-1"), URI.create("http://localhost/smart/callback"), new CodeVerifier()));
    }

    @Test
    void theTokenRequestConnectsToTheAddressTheCheckResolvedAndResolvesNothingItself() throws Exception {
        int port = server.getAddress().getPort();
        URI endpoint = URI.create("http://as.test:" + port + "/token");
        var checked = new CheckedAddresses();
        // the first answer is our server; a second look-up would answer another loopback address where nothing listens
        var policy = new FhirServerPolicy(properties("http://as.test:" + port), name -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.3")}, checked);
        var client = new TokenEndpointClient(Duration.ofSeconds(2), Duration.ofSeconds(5), checked);
        assertThat(policy.check(endpoint, Optional.empty()).allowed()).isTrue();
        var response = client.send(request(endpoint));
        assertThat(response.indicatesSuccess()).isTrue();
        assertThat(response.toSuccessResponse().getCustomParameters()).containsEntry("patient", "p1");
        assertThat(host.get()).as("the Host header keeps the name").isEqualTo("as.test:" + port);
        assertThat(client.send(request(endpoint)).indicatesSuccess()).isTrue();
        assertThat(lookups.get()).as("resolved once, by the check").isEqualTo(1);
        assertThat(hits.get()).isEqualTo(2);
    }

    @Test
    void aTokenEndpointWhoseHostWasNotCheckedIsNeitherResolvedNorReached() {
        int port = server.getAddress().getPort();
        var client = new TokenEndpointClient(Duration.ofSeconds(2), Duration.ofSeconds(5), new CheckedAddresses());
        // localhost resolves everywhere; unchecked, it is not looked up and the server is not reached
        var refused = catchThrowable(() -> client.send(request(URI.create("http://localhost:" + port + "/token"))));
        assertThat(refused).isInstanceOf(TokenEndpointClient.Unanswered.class);
        assertThat(hits.get()).isZero();
    }
}
