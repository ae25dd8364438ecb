package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bearer token goes to the allowlisted origin only: an unlisted loopback server receives nothing, and an
 * allowlisted server that redirects elsewhere is not followed (the other origin receives nothing either).
 */
class FhirServerAllowlistHttpTest extends ServiceHttpTest {

    private static final List<String> LISTED_CALLS = new CopyOnWriteArrayList<>();
    private static final List<String> OTHER_CALLS = new CopyOnWriteArrayList<>();
    private static final HttpServer LISTED;
    private static final HttpServer OTHER;

    static {
        try {
            LISTED = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OTHER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            LISTED.createContext("/", exchange -> {
                LISTED_CALLS.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + OTHER.getAddress().getPort() + exchange.getRequestURI());
                exchange.sendResponseHeaders(307, -1);
                exchange.close();
            });
            OTHER.createContext("/", exchange -> {
                OTHER_CALLS.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            LISTED.start();
            OTHER.start();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void allowlist(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.fhir-servers.allowlist[0].origin", () -> "http://127.0.0.1:" + LISTED.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        LISTED.stop(0);
        OTHER.stop(0);
    }

    @BeforeEach
    void clear() {
        LISTED_CALLS.clear();
        OTHER_CALLS.clear();
    }

    private ObjectNode request(String fhirServer) {
        ObjectNode r = orderHook("order-sign", "demo-us-c1d1", inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.6"), "mg", "2026-01-10"));
        r.put("fhirServer", fhirServer);
        r.putObject("fhirAuthorization").put("access_token", "secret-token-123").put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "user/*.read").put("subject", "cds");
        return r;
    }

    @Test
    void unlistedLoopbackServerReceivesNothing() {
        var answer = cds.call("inotuzumab-order-sign", request("http://127.0.0.1:" + OTHER.getAddress().getPort() + "/fhir"));
        assertThat(answer.status()).isEqualTo(412);
        assertThat(answer.json().at("/issue/0/diagnostics").asText()).contains("not allowlisted");
        assertThat(OTHER_CALLS).isEmpty();
    }

    @Test
    void redirectToAnotherOriginIsNotFollowedAndTheTokenStaysHome() {
        var answer = cds.call("inotuzumab-order-sign", request("http://127.0.0.1:" + LISTED.getAddress().getPort() + "/fhir"));
        // every fetch got a redirect, none was followed: data is missing for every key → the DQ-2 card, 200
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().toString()).contains("redirects are not followed");
        assertThat(LISTED_CALLS).isNotEmpty().allMatch(c -> c.endsWith("Bearer secret-token-123"));
        assertThat(OTHER_CALLS).isEmpty();
    }

    @Test
    void theEmbeddedSandboxOfThisServerIsAllowed() {
        var answer = cds.call("inotuzumab-order-sign", request(cds.fhirBase()));
        assertThat(answer.status()).isEqualTo(200);
    }
}
