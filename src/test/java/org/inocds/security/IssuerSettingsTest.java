package org.inocds.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 26 deliverables 3 and 5, over a real port: per-issuer token settings (an audience typed by hand that no other
 * issuer may use, a lifetime and skew of its own) and a per-issuer card dialect. The Epic issuer is set up as Epic's
 * documentation describes its tokens: RS384, a {@code jku} on the allowlist, {@code sub} the client id,
 * {@code nbf = iat − 300}, {@code exp − iat = 900}, {@code aud} as the site typed it.
 */
class IssuerSettingsTest extends ServiceHttpTest {

    private static final String EPIC_ISS = "https://fhir.hospital.example/interconnect-prd/api/FHIR/R4";
    private static final String EPIC_AUD = "https://cds.hospital.example/savecdshooksrequest";
    private static final String OTHER_ISS = "https://ehr.example.org";
    private static final String GLOBAL_AUD = "https://cds.example.org/cds-services";
    private static final Instant NOW = Instant.parse("2026-01-10T00:30:00Z"); // the tests' fixed clock

    private static final RSAKey EPIC_KEY;
    private static final ECKey OTHER_KEY;
    private static final HttpServer KEYS;
    private static final int PORT;

    static {
        try {
            EPIC_KEY = new RSAKeyGenerator(2048).keyID("epic-rs384").generate();
            OTHER_KEY = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
            KEYS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            serve("/api/epic/2019/Security/Open/PublicKeys/530005/OAuth2", new JWKSet(EPIC_KEY.toPublicJWK()));
            serve("/ec", new JWKSet(OTHER_KEY.toPublicJWK()));
            KEYS.start();
            try (var free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                PORT = free.getLocalPort();
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void serve(String path, JWKSet set) {
        byte[] body = set.toString().getBytes(StandardCharsets.UTF_8);
        KEYS.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static String keys(String path) {
        return "http://127.0.0.1:" + KEYS.getAddress().getPort() + path;
    }

    private static final String EPIC_JKU_PATH = "/api/epic/2019/Security/Open/PublicKeys/530005/OAuth2";

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.jwt.required", () -> "true");
        registry.add("inocds.security.jwt.audience", () -> GLOBAL_AUD);
        registry.add("inocds.security.jwt.issuers[0].iss", () -> EPIC_ISS);
        registry.add("inocds.security.jwt.issuers[0].jku-allowlist[0]", () -> keys(EPIC_JKU_PATH));
        registry.add("inocds.security.jwt.issuers[0].audience", () -> EPIC_AUD);
        registry.add("inocds.security.jwt.issuers[0].max-token-lifetime", () -> "20m");
        registry.add("inocds.security.jwt.issuers[0].clock-skew", () -> "2m");
        registry.add("inocds.security.jwt.issuers[0].card-dialect", () -> "epic");
        registry.add("inocds.security.jwt.issuers[1].iss", () -> OTHER_ISS);
        registry.add("inocds.security.jwt.issuers[1].jwks-url", () -> keys("/ec"));
        // the sandbox is read without a token to build the prefetch an EHR would send
        registry.add("inocds.sandbox.open", () -> "true");
        registry.add("server.port", () -> PORT);
        registry.add("inocds.public-base-url", () -> "http://localhost:" + PORT);
    }

    @AfterAll
    static void stop() {
        KEYS.stop(0);
    }

    /** Claims as Epic's table has them: 15 minutes of life, nbf five minutes before iat. */
    private static JWTClaimsSet.Builder epicClaims(String iss, String aud) {
        Instant iat = NOW.minusSeconds(20);
        return new JWTClaimsSet.Builder().issuer(iss).subject("epic-client-id-0a1b2c").audience(aud).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(iat)).notBeforeTime(Date.from(iat.minusSeconds(300))).expirationTime(Date.from(iat.plusSeconds(900)));
    }

    /** A token of the usual five minutes. */
    private static JWTClaimsSet.Builder fiveMinutes(String iss, String aud) {
        return epicClaims(iss, aud).expirationTime(Date.from(NOW.minusSeconds(20).plusSeconds(300)));
    }

    private static String epicToken(JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("epic-rs384").type(JOSEObjectType.JWT)
                .jwkURL(URI.create(keys(EPIC_JKU_PATH))).build(), claims);
        jwt.sign(new RSASSASigner(EPIC_KEY));
        return jwt.serialize();
    }

    private static String otherToken(JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(OTHER_KEY));
        return jwt.serialize();
    }

    private CdsHttp.Answer discovery(String token) {
        return cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services")).header("Authorization", "Bearer " + token)
                .GET().build());
    }

    private int status(String token) {
        return discovery(token).status();
    }

    @Test
    void epicsRs384TokenWithAnAllowlistedJkuAndTheAudienceTypedForItIsAccepted() throws Exception {
        assertThat(status(epicToken(epicClaims(EPIC_ISS, EPIC_AUD).build()))).isEqualTo(200);
        // the endpoint URL, as the spec has it, stays accepted
        assertThat(status(epicToken(epicClaims(EPIC_ISS, cds.base() + "/cds-services").build()))).isEqualTo(200);
    }

    @Test
    void anIssuersOwnAudienceIsItsAloneAndReplacesTheGlobalOne() throws Exception {
        assertThat(status(otherToken(fiveMinutes(OTHER_ISS, EPIC_AUD).build()))).as("another issuer with Epic's audience").isEqualTo(401);
        assertThat(status(epicToken(epicClaims(EPIC_ISS, GLOBAL_AUD).build()))).as("Epic with the global audience").isEqualTo(401);
        assertThat(status(otherToken(fiveMinutes(OTHER_ISS, GLOBAL_AUD).build()))).as("the other issuer, global audience").isEqualTo(200);
        assertThat(status(epicToken(epicClaims(EPIC_ISS, EPIC_AUD + "/x").build()))).isEqualTo(401);
    }

    @Test
    void aFifteenMinuteTokenPassesUnderItsIssuersTwentyMinutesAndNotUnderTheGlobalTen() throws Exception {
        Instant iat = NOW.minusSeconds(20);
        var fifteen = epicClaims(OTHER_ISS, GLOBAL_AUD).expirationTime(Date.from(iat.plusSeconds(900)));
        var ten = epicClaims(OTHER_ISS, GLOBAL_AUD).expirationTime(Date.from(iat.plusSeconds(600)));
        var tenAndOne = epicClaims(OTHER_ISS, GLOBAL_AUD).expirationTime(Date.from(iat.plusSeconds(601)));
        assertThat(status(otherToken(fifteen.build()))).as("15 minutes, global 10").isEqualTo(401);
        assertThat(status(otherToken(ten.build()))).as("exactly 10 minutes").isEqualTo(200);
        assertThat(status(otherToken(tenAndOne.build()))).isEqualTo(401);
        assertThat(status(epicToken(epicClaims(EPIC_ISS, EPIC_AUD).expirationTime(Date.from(iat.plusSeconds(1200))).build())))
                .as("exactly 20 minutes").isEqualTo(200);
        assertThat(status(epicToken(epicClaims(EPIC_ISS, EPIC_AUD).expirationTime(Date.from(iat.plusSeconds(1201))).build())))
                .isEqualTo(401);
    }

    @Test
    void anIssuersClockSkewReplacesTheGlobalOne() throws Exception {
        Instant ahead = NOW.plusSeconds(90); // a clock 90 s fast: within Epic's 2 m, beyond the global 60 s
        var epic = epicClaims(EPIC_ISS, EPIC_AUD).issueTime(Date.from(ahead)).notBeforeTime(Date.from(ahead.minusSeconds(300)))
                .expirationTime(Date.from(ahead.plusSeconds(900)));
        assertThat(status(epicToken(epic.build()))).isEqualTo(200);
        var other = epicClaims(OTHER_ISS, GLOBAL_AUD).issueTime(Date.from(ahead)).notBeforeTime(Date.from(ahead.minusSeconds(300)))
                .expirationTime(Date.from(ahead.plusSeconds(300)));
        assertThat(status(otherToken(other.build()))).isEqualTo(401);
        Instant past = NOW.minusSeconds(1000); // expired 100 s ago: within Epic's 2 m
        var expired = epicClaims(EPIC_ISS, EPIC_AUD).issueTime(Date.from(past)).notBeforeTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past.plusSeconds(900)));
        assertThat(status(epicToken(expired.build()))).isEqualTo(200);
        assertThat(status(epicToken(expired.expirationTime(Date.from(NOW.minusSeconds(121))).build()))).isEqualTo(401);
    }

    /** Scenario s33's order-sign (ANC 900/µL at C2D1: a haematologic hold) with the full prefetch, signed by the given issuer. */
    private JsonNode orderSign(java.util.concurrent.Callable<String> tokens) throws Exception {
        ObjectNode request = HookRequests.orderHook("order-sign", "s33-hem1-anc-900",
                HookRequests.inotuzumabOrder("draft-1", "s33-hem1-anc-900", new BigDecimal("1.60"), "mg", "2026-01-10"));
        HookRequests.withFullPrefetch(request, cds, discovery(tokens.call()).json(), "inotuzumab-order-sign");
        var answer = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services/inotuzumab-order-sign"))
                .header("Authorization", "Bearer " + tokens.call()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** Issue 26 deliverable 5: Epic's limits for Epic's issuer; the standard answer for any other. */
    @Test
    void cardsForEpicHaveAlphanumericTopicsAndSelectionAnyAndOtherIssuersGetTheStandardCards() throws Exception {
        JsonNode standard = orderSign(() -> otherToken(fiveMinutes(OTHER_ISS, GLOBAL_AUD).build()));
        JsonNode epic = orderSign(() -> epicToken(epicClaims(EPIC_ISS, EPIC_AUD).build()));
        List<String> standardTopics = new ArrayList<>();
        standard.get("cards").forEach(c -> standardTopics.add(c.at("/source/topic/code").asText()));
        assertThat(standardTopics).as("the standard topics keep their words").contains("hold-hematologic");
        assertThat(standard.get("cards")).anyMatch(c -> c.path("selectionBehavior").asText().equals("at-most-one"));

        assertThat(epic.get("cards")).hasSameSizeAs(standard.get("cards"));
        for (int i = 0; i < epic.get("cards").size(); i++) {
            JsonNode card = epic.get("cards").get(i);
            JsonNode same = standard.get("cards").get(i);
            String topic = card.at("/source/topic/code").asText();
            assertThat(topic).matches("[A-Za-z0-9]{1,100}");
            assertThat(topic).as("the same topic, its words joined").isEqualToIgnoringCase(same.at("/source/topic/code").asText().replace("-", ""));
            assertThat(card.at("/source/topic/display").asText()).isEqualTo(same.at("/source/topic/display").asText());
            if (card.has("suggestions")) {
                assertThat(card.get("selectionBehavior").asText()).isEqualTo("any");
                card.get("suggestions").forEach(s -> assertThat(s.get("actions")).hasSize(1));
            } else {
                assertThat(card.has("selectionBehavior")).isFalse();
            }
        }
        List<String> epicTopics = new ArrayList<>();
        epic.get("cards").forEach(c -> epicTopics.add(c.at("/source/topic/code").asText()));
        assertThat(epicTopics).contains("HoldHematologic");
    }
}
