package org.inocds.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** CDS Hooks 2.0 client JWTs: every rejection → 401 with no body; ES384 and RS384 accepted (JWKS served locally). */
// Spring Boot tests leave metrics export off unless asked
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class JwtAuthenticationTest extends ServiceHttpTest {

    private static final String ISS = "https://ehr.example.org";
    private static final String RSA_ISS = "https://other-ehr.example.org";
    private static final String MOVED_ISS = "https://moved-ehr.example.org";
    private static final String AUD = "https://cds.example.org/cds-services";
    private static final Instant NOW = Instant.parse("2026-01-10T00:30:00Z"); // the tests' fixed clock

    private static final String SANDBOX_ISS = "https://sandbox.cds-hooks.org";
    private static final String SANDBOX_KID = "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f";

    private static final ECKey EC;
    private static final ECKey SANDBOX_LIKE;
    private static final java.util.concurrent.atomic.AtomicInteger JKU_FETCHES = new java.util.concurrent.atomic.AtomicInteger();
    private static final ECKey EC_JKU;
    private static final ECKey INTRUDER;
    private static final RSAKey RSA;
    private static final HttpServer JWKS;
    /** A second server, the attacker's: it serves the intruder's keys; an allowlisted URL redirects to it. */
    private static final HttpServer ATTACKER;
    private static final java.util.concurrent.atomic.AtomicInteger ATTACKER_FETCHES = new java.util.concurrent.atomic.AtomicInteger();
    /** The port the service listens on, chosen before it starts so that public-base-url can name it. */
    private static final int PORT;

    static {
        try {
            EC = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
            SANDBOX_LIKE = new ECKeyGenerator(Curve.P_384).keyID(SANDBOX_KID).generate();
            EC_JKU = new ECKeyGenerator(Curve.P_384).keyID("ec-jku").generate();
            INTRUDER = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
            RSA = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
            JWKS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            serve("/ec", new JWKSet(EC.toPublicJWK()));
            serve("/jku", new JWKSet(EC_JKU.toPublicJWK()));
            serve("/rogue", new JWKSet(INTRUDER.toPublicJWK()));
            serve("/rsa", new JWKSet(RSA.toPublicJWK()));
            // Stands where the sandbox's jku would be; it must never be asked, as its issuer has static keys.
            JWKS.createContext("/sandbox-jku", exchange -> {
                JKU_FETCHES.incrementAndGet();
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            ATTACKER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] intruderKeys = new JWKSet(INTRUDER.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            ATTACKER.createContext("/jwks", exchange -> {
                ATTACKER_FETCHES.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, intruderKeys.length);
                exchange.getResponseBody().write(intruderKeys);
                exchange.close();
            });
            ATTACKER.start();
            for (String moved : List.of("/jku-moved", "/ec-moved")) {
                JWKS.createContext(moved, exchange -> {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + ATTACKER.getAddress().getPort() + "/jwks");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                });
            }
            JWKS.start();
            try (var free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                PORT = free.getLocalPort();
            }
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static void serve(String path, JWKSet set) {
        byte[] body = set.toString().getBytes(StandardCharsets.UTF_8);
        JWKS.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static String jwks(String path) {
        return "http://127.0.0.1:" + JWKS.getAddress().getPort() + path;
    }

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.jwt.required", () -> "true");
        registry.add("inocds.security.jwt.audience", () -> AUD);
        registry.add("inocds.security.jwt.issuers[0].iss", () -> ISS);
        registry.add("inocds.security.jwt.issuers[0].jwks-url", () -> jwks("/ec"));
        registry.add("inocds.security.jwt.issuers[0].jku-allowlist[0]", () -> jwks("/jku"));
        registry.add("inocds.security.jwt.issuers[0].jku-allowlist[1]", () -> jwks("/jku-moved"));
        registry.add("inocds.security.jwt.issuers[1].iss", () -> RSA_ISS);
        registry.add("inocds.security.jwt.issuers[1].jwks-url", () -> jwks("/rsa"));
        // Configured like the public CDS Hooks sandbox's entry: static keys, and its jku on the allowlist.
        registry.add("inocds.security.jwt.issuers[2].iss", () -> SANDBOX_ISS);
        registry.add("inocds.security.jwt.issuers[2].jwks", () -> new JWKSet(SANDBOX_LIKE.toPublicJWK()).toString());
        registry.add("inocds.security.jwt.issuers[2].jku-allowlist[0]", () -> jwks("/sandbox-jku"));
        // an issuer whose JWKS URL redirects (to the attacker's keys)
        registry.add("inocds.security.jwt.issuers[3].iss", () -> MOVED_ISS);
        registry.add("inocds.security.jwt.issuers[3].jwks-url", () -> jwks("/ec-moved"));
        // the endpoint URL a token's aud may name comes from here, never from the Host header
        registry.add("server.port", () -> PORT);
        registry.add("inocds.public-base-url", () -> "http://localhost:" + PORT);
    }

    @AfterAll
    static void stop() {
        JWKS.stop(0);
        ATTACKER.stop(0);
    }

    private static JWTClaimsSet.Builder claims(String iss) {
        return new JWTClaimsSet.Builder().issuer(iss).subject("cds-client").audience(AUD).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(NOW.plusSeconds(290)));
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String es384(JWTClaimsSet claims) throws Exception {
        return sign(new ECDSASigner(EC), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").type(JOSEObjectType.JWT).build(), claims);
    }

    private CdsHttp.Answer discovery(String token) {
        var builder = HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services")).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return cds.send(builder.build());
    }

    private void assertRefused(String token) {
        var answer = discovery(token);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.header("WWW-Authenticate")).isEqualTo(token == null ? "Bearer" : "Bearer error=\"invalid_token\"");
    }

    /** An order-sign call whose prefetch holds only the patient (every other key: found nothing). */
    private static com.fasterxml.jackson.databind.node.ObjectNode orderSignWithPrefetch() {
        var request = org.inocds.support.HookRequests.orderHook("order-sign", "p1",
                org.inocds.support.HookRequests.inotuzumabOrder("o1", "p1", new java.math.BigDecimal("1.70"), "mg", "2026-01-10"));
        var prefetch = request.putObject("prefetch");
        for (String key : List.of("medicationRequests", "medicationAdministrations", "bodyMeasurements", "labs", "keyObservations",
                "conditions", "procedures", "serviceRequests", "carePlans", "allergies", "adverseEvents")) {
            prefetch.putNull(key);
        }
        prefetch.putObject("patient").put("resourceType", "Patient").put("id", "p1").put("birthDate", "1970-01-01").put("gender", "male");
        return request;
    }

    /** Signed as the public CDS Hooks sandbox signs: ES384, its kid, a jku, {@code aud} = the exact URL called. */
    private String sandboxToken(String calledUrl) throws Exception {
        return sign(new ECDSASigner(SANDBOX_LIKE), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(SANDBOX_KID).type(JOSEObjectType.JWT)
                .jwkURL(URI.create(jwks("/sandbox-jku"))).build(), claims(SANDBOX_ISS).audience(calledUrl).build());
    }



    @Test
    void es384TokenFromTheIssuersJwksIsAccepted() throws Exception {
        var answer = discovery(es384(claims(ISS).build()));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("services")).hasSize(3);
    }

    @Test
    void rs384TokenIsAccepted() throws Exception {
        String token = sign(new RSASSASigner(RSA), new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("rsa-1").build(), claims(RSA_ISS).build());
        assertThat(discovery(token).status()).isEqualTo(200);
    }

    @Test
    void jkuOnTheIssuersAllowlistIsAcceptedAndAnyOtherRefused() throws Exception {
        String allowed = sign(new ECDSASigner(EC_JKU), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-jku")
                .jwkURL(URI.create(jwks("/jku"))).build(), claims(ISS).build());
        assertThat(discovery(allowed).status()).isEqualTo(200);
        String rogue = sign(new ECDSASigner(INTRUDER), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1")
                .jwkURL(URI.create(jwks("/rogue"))).build(), claims(ISS).build());
        assertRefused(rogue);
    }

    /** Issue 22 defect 6: a key URL that redirects hands the keys to whoever the redirect names. */
    @Test
    void keyUrlsThatRedirectAreNeverFollowed() throws Exception {
        String viaJku = sign(new ECDSASigner(INTRUDER), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1")
                .jwkURL(URI.create(jwks("/jku-moved"))).build(), claims(ISS).build());
        assertRefused(viaJku);
        String viaJwksUrl = sign(new ECDSASigner(INTRUDER), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").build(),
                claims(MOVED_ISS).build());
        assertRefused(viaJwksUrl);
        assertThat(ATTACKER_FETCHES.get()).as("the attacker's server is never asked").isZero();
    }

    /** Issue 22 defect 7: a token minted for another host, sent with that host in the Host header. */
    @Test
    void aTokenForAnotherHostIsRefusedWhateverTheHostHeaderSays() throws Exception {
        String evil = "http://evil.example.org:" + port;
        assertThat(rawGet("/cds-services", "evil.example.org:" + port, sandboxToken(evil + "/cds-services"))).startsWith("HTTP/1.1 401");
        assertThat(rawGet("/cds-services", "evil.example.org", sandboxToken("http://evil.example.org/cds-services"))).startsWith("HTTP/1.1 401");
        // the same request, with a token for the configured base URL, passes
        assertThat(rawGet("/cds-services", "evil.example.org", sandboxToken(cds.base() + "/cds-services"))).startsWith("HTTP/1.1 200");
    }

    /** Issue 22 defect 11: odd claims refused with the usual 401, never a 500 or an acceptance. */
    @Test
    void tokensWithOddClaimsAreRefusedWith401() throws Exception {
        assertRefused(es384(claims(ISS).issueTime(Date.from(NOW.minusSeconds(10))).expirationTime(Date.from(NOW.minusSeconds(10))).build()));
        assertRefused(es384(claims(ISS).issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.minusSeconds(5))).build()));
        assertRefused(es384(claims(ISS).jwtID("").build()));
        assertRefused(es384(claims(ISS).jwtID("  ").build()));
        assertRefused(es384(claims(ISS).audience("https://someone@cds.example.org/cds-services").build()));
    }

    /** A GET with a Host header of our choosing (java.net.http does not let one set it). */
    private String rawGet(String path, String host, String token) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void noTokenIsRefusedOnDiscoveryServicesAndFeedback() {
        assertRefused(null);
        var service = cds.post("/cds-services/inotuzumab-order-sign", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(service.status()).isEqualTo(401);
        assertThat(service.body()).isEmpty();
        var feedback = cds.post("/cds-services/inotuzumab-order-sign/feedback", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(feedback.status()).isEqualTo(401);
        assertThat(cds.get("/admin/feedback-summary", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void unsignedTokenIsRefused() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(ISS).build().toString().getBytes(StandardCharsets.UTF_8));
        assertRefused(header + "." + body + ".");
    }

    @Test
    void hmacTokenIsRefused() throws Exception {
        byte[] secret = new byte[48];
        new java.security.SecureRandom().nextBytes(secret);
        assertRefused(sign(new MACSigner(secret), new JWSHeader(JWSAlgorithm.HS256), claims(ISS).build()));
    }

    @Test
    void badSignatureIsRefused() throws Exception {
        assertRefused(sign(new ECDSASigner(INTRUDER), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").build(), claims(ISS).build()));
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        assertRefused(es384(claims(ISS).audience("https://somewhere-else.example.org").build()));
        assertRefused(es384(claims(ISS).audience(List.of(AUD, "https://also.example.org")).build()));
    }

    @Test
    void expiredOrFutureOrLongLivedTokensAreRefused() throws Exception {
        assertRefused(es384(claims(ISS).issueTime(Date.from(NOW.minusSeconds(600))).expirationTime(Date.from(NOW.minusSeconds(61))).build()));
        assertThat(discovery(es384(claims(ISS).issueTime(Date.from(NOW.minusSeconds(300))).expirationTime(Date.from(NOW.minusSeconds(59))).build()))
                .status()).as("within the 60 s skew").isEqualTo(200);
        assertRefused(es384(claims(ISS).issueTime(Date.from(NOW.plusSeconds(120))).expirationTime(Date.from(NOW.plusSeconds(300))).build()));
        assertRefused(es384(claims(ISS).expirationTime(Date.from(NOW.plusSeconds(3600))).build()));
    }

    @Test
    void replayedJtiIsRefused() throws Exception {
        String token = es384(claims(ISS).build());
        assertThat(discovery(token).status()).isEqualTo(200);
        assertRefused(token);
    }

    @Test
    void unknownIssuerIsRefused() throws Exception {
        assertRefused(es384(claims("https://stranger.example.org").build()));
    }

    @Test
    void missingJtiIsRefused() throws Exception {
        assertRefused(es384(new JWTClaimsSet.Builder().issuer(ISS).audience(AUD).issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(200))).build()));
    }

    @Test
    void corsPreflightPassesWithoutAToken() {
        var answer = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services/inotuzumab-order-sign"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://sandbox.cds-hooks.org").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build());
        assertThat(answer.status()).isEqualTo(200);
        var refused = cds.get("/cds-services", Map.of("Origin", "https://sandbox.cds-hooks.org"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo("https://sandbox.cds-hooks.org");
    }

    @Test
    void aTokenSignedLikeThePublicSandboxsIsAcceptedOnDiscoveryServiceAndFeedback() throws Exception {
        assertThat(discovery(sandboxToken(cds.base() + "/cds-services")).status()).isEqualTo(200);

        String service = cds.base() + "/cds-services/inotuzumab-order-sign";
        var call = cds.send(HttpRequest.newBuilder(URI.create(service))
                .header("Authorization", "Bearer " + sandboxToken(service)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(orderSignWithPrefetch().toString())).build());
        assertThat(call.status()).isEqualTo(200);
        String card = call.json().get("cards").get(0).get("uuid").asText();

        String feedbackUrl = service + "/feedback";
        String feedback = "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}";
        var answer = cds.send(HttpRequest.newBuilder(URI.create(feedbackUrl))
                .header("Authorization", "Bearer " + sandboxToken(feedbackUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(feedback)).build());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(JKU_FETCHES.get()).as("the configured key is used; the jku is never fetched").isZero();
    }

    @Test
    void aTokenForAnotherEndpointIsRefused() throws Exception {
        assertRefused(sandboxToken(cds.base() + "/cds-services/inotuzumab-patient-view"));
        assertRefused(sandboxToken("http://elsewhere.example.org/cds-services"));
    }

    @Test
    void theAudienceIsComparedAfterNormalisation() throws Exception {
        assertThat(discovery(sandboxToken(cds.base().replace("localhost", "LOCALHOST") + "/cds-services/")).status()).isEqualTo(200);
    }

    @Test
    void aStaticKeyIssuerRefusesAKidItDoesNotHave() throws Exception {
        String token = sign(new ECDSASigner(INTRUDER), new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("unknown-kid")
                .jwkURL(URI.create("http://127.0.0.1:1/not-allowlisted.json")).build(), claims(SANDBOX_ISS).build());
        assertRefused(token);
    }

    /** Security review finding 1: encoded and path-parameter variants must never reach a handler without a token. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} without a token → 400/401")
    @org.junit.jupiter.params.provider.CsvSource({
            "GET, /cds-services", "GET, /%63ds-services", "GET, /cds-services;x", "GET, /cds-services/", "GET, /CDS-SERVICES",
            "GET, //cds-services", "GET, /cds-services%2F", "GET, /./cds-services", "GET, /x/../cds-services",
            "POST, /cds-services/inotuzumab-order-sign", "POST, /%63ds-services/inotuzumab-order-sign",
            "POST, /cds-services;/inotuzumab-order-sign", "POST, /cds-services;x/inotuzumab-order-sign",
            "POST, /cds-services/inotuzumab-order-sign;x", "POST, /cds-services/inotuzumab-order-sign/feedback",
            "POST, /cds-services/inotuzumab-order-sign/%66eedback", "POST, /cds-services/inotuzumab-order-sign;/feedback",
            "GET, /admin/feedback-summary", "GET, /%61dmin/feedback-summary", "GET, /admin;x/feedback-summary",
            "GET, /admin/feedback-summary;x", "GET, /admin/%66eedback-summary", "GET, /fhir/Patient/demo-us-c1d1",
            "GET, /%66hir/Patient/demo-us-c1d1", "GET, /fhir;x/Patient/demo-us-c1d1", "GET, /timeline/demo-us-c1d1",
            "GET, /%74imeline/demo-us-c1d1", "GET, /rules/../admin/feedback-summary", "GET, /rules/%2e%2e/admin/feedback-summary",
            "GET, /fhir/../admin/feedback-summary", "GET, /fhirx", "GET, /actuator/prometheus", "GET, /%61ctuator/prometheus",
            "GET, /actuator/health/../prometheus", "GET, /actuator/health/%2e%2e/prometheus", "GET, /actuator;x/prometheus"})
    void pathTricksNeverPassWithoutAToken(String method, String path) {
        var request = HttpRequest.newBuilder(URI.create(cds.base() + path)).header("Content-Type", "application/json");
        var answer = cds.send(method.equals("GET") ? request.GET().build()
                : request.POST(HttpRequest.BodyPublishers.ofString(orderSignWithPrefetch().toString())).build());
        assertThat(answer.status()).as(method + " " + path).isIn(400, 401);
        assertThat(answer.body()).as("no handler answered").doesNotContain("cards").doesNotContain("services").doesNotContain("Patient");
    }

    @Test
    void theSandboxAndTimelineNeedATokenWhenJwtIsRequired() throws Exception {
        assertThat(cds.get("/fhir/Patient/demo-us-c1d1", Map.of()).status()).isEqualTo(401);
        assertThat(cds.get("/timeline/demo-us-c1d1", Map.of()).status()).isEqualTo(401);
        var write = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/fhir/Patient/planted")).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"planted\"}")).build());
        assertThat(write.status()).isEqualTo(401);
        String url = cds.base() + "/fhir/Patient/demo-us-c1d1";
        assertThat(cds.get(url, Map.of("Authorization", "Bearer " + sandboxToken(url))).status()).isEqualTo(200);
    }

    /** Issue 22 defect 11: a refusal's log line names the path without the patient in it. */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void refusalLogLinesHoldNoPatientIds(org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        String id = "pt-secret-4711";
        assertThat(cds.get("/fhir/Patient/" + id, Map.of()).status()).isEqualTo(401);
        assertThat(cds.get("/timeline/" + id, Map.of("Authorization", "Bearer not-a-jwt")).status()).isEqualTo(401);
        assertThat(cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/fhir/Patient/" + id))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + es384(claims(ISS).build()))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}")).build()).status())
                .isEqualTo(403);
        assertThat(output.getAll()).contains("refused on /fhir/…", "refused on /timeline/…").doesNotContain(id);
    }

    /** Issue 22 defect 5: any client may read and search the sandbox, only the admin may write to it. */
    @Test
    void writingToTheSandboxNeedsTheAdminRight() throws Exception {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"planted\"}";
        var asClient = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/fhir/Patient/planted"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + es384(claims(ISS).build()))
                .PUT(HttpRequest.BodyPublishers.ofString(patient)).build());
        assertThat(asClient.status()).isEqualTo(403);
        var createAsClient = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/fhir/Patient"))
                .header("Content-Type", "application/fhir+json").header("Authorization", "Bearer " + es384(claims(ISS).build()))
                .POST(HttpRequest.BodyPublishers.ofString(patient)).build());
        assertThat(createAsClient.status()).isEqualTo(403);
        var search = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/fhir/Patient/_search"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + es384(claims(ISS).build()))
                .POST(HttpRequest.BodyPublishers.ofString("_id=demo-us-c1d1")).build());
        assertThat(search.status()).isEqualTo(200);
        var asAdmin = cds.send(HttpRequest.newBuilder(URI.create(cds.base() + "/fhir/Patient/planted"))
                .header("Content-Type", "application/fhir+json")
                .header("Authorization", "Bearer " + es384(claims(ISS).claim("scope", "cds inocds-admin").build()))
                .PUT(HttpRequest.BodyPublishers.ofString(patient)).build());
        assertThat(asAdmin.status()).isIn(200, 201);
    }

    @Test
    void thePublicPagesNeedNoToken() {
        assertThat(cds.get("/rules/DOSE-2", Map.of()).status()).isEqualTo(200);
        assertThat(cds.get("/", Map.of()).status()).isEqualTo(200);
    }

    /** Probes carry no token; the metrics are for the operators (the admin rule). */
    @Test
    void healthProbesNeedNoTokenAndMetricsNeedTheAdminScope() throws Exception {
        assertThat(cds.get("/actuator/health/liveness", Map.of()).status()).isEqualTo(200);
        assertThat(cds.get("/actuator/health/readiness", Map.of()).status()).isEqualTo(200);
        assertThat(cds.get("/actuator/prometheus", Map.of()).status()).isEqualTo(401);
        assertThat(cds.get("/cds-services", Map.of("Authorization", "Bearer not-a-jwt")).status()).isEqualTo(401);
        assertThat(cds.get("/actuator/prometheus", Map.of("Authorization", "Bearer " + es384(claims(ISS).build()))).status()).isEqualTo(403);
        var admin = cds.get("/actuator/prometheus", Map.of("Authorization", "Bearer " + es384(claims(ISS).claim("scope", "inocds-admin").build())));
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).containsPattern("inocds_jwt_refused_total\\{reason=\"MALFORMED\"} [1-9]");
    }

    @Test
    void adminNeedsTheAdminScope() throws Exception {
        var plain = cds.get("/admin/feedback-summary", Map.of("Authorization", "Bearer " + es384(claims(ISS).build())));
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.body()).isEmpty();
        var admin = cds.get("/admin/feedback-summary", Map.of("Authorization", "Bearer " + es384(claims(ISS).claim("scope", "cds inocds-admin").build())));
        assertThat(admin.status()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesSecurityHeadersAndNoVersions() throws Exception {
        var answer = discovery(es384(claims(ISS).build()));
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        var page = cds.get("/rules/DOSE-2", Map.of());
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(page.body()).doesNotContain("<script>");
        String url = cds.base() + "/fhir/metadata";
        var fhir = cds.get(url, Map.of("Authorization", "Bearer " + sandboxToken(url)));
        assertThat(fhir.headers().map().toString()).doesNotContainIgnoringCase("HAPI FHIR 8").doesNotContain("8.8.0").doesNotContainIgnoringCase("tomcat");
        assertThat(fhir.body()).doesNotContain("8.8.0");
    }
}
