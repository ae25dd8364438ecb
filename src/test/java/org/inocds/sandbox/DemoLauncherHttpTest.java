package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/**
 * The demo EHR launches the timeline as a SMART app (issue 25): the demo profile as {@code ./mvnw spring-boot:run} starts
 * it (sandbox on, JWT off, no setting), {@code /demo-ehr/launch} sends the browser to {@code /smart/launch} with
 * {@code iss} = the sandbox and a {@code launch}; the demo authorization server (Spring Authorization Server) grants a
 * token for the launch's patient with an id_token naming the demo physician; the app reads the sandbox with that
 * token and draws the patient's course. The sandbox refuses a demo token for another patient, and a forged one.
 */
class DemoLauncherHttpTest extends ServiceHttpTest {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String url, String... headers) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location in a " + response.statusCode() + " from " + response.uri() + ": " + response.body()))).toString();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        for (String pair : q == null ? new String[0] : q.split("&")) {
            int eq = pair.indexOf('=');
            out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private String app(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void theDemoEhrLaunchesTheTimelineForItsPatientWithTheOrderAndTheViewer() {
        String appContext = "{\"plannedDate\":\"2026-01-10\",\"doseMg\":\"1.2\"}";
        var launched = get(app("/demo-ehr/launch?lang=en&patient=demo-jp-c2&appContext=" + URLEncoder.encode(appContext, StandardCharsets.UTF_8)));
        assertThat(launched.statusCode()).isEqualTo(302);
        String launch = location(launched);
        assertThat(launch).startsWith(app("/smart/launch?"));
        assertThat(query(launch)).containsEntry("iss", app("/fhir")).containsKey("launch");

        var toAuthorize = get(launch);
        assertThat(toAuthorize.statusCode()).as(toAuthorize.body()).isEqualTo(302);
        String authorize = location(toAuthorize);
        assertThat(authorize).startsWith(app("/demo-ehr/oauth2/authorize?"));
        assertThat(query(authorize)).containsEntry("aud", app("/fhir")).containsEntry("code_challenge_method", "S256").containsKey("nonce");

        var toCallback = get(authorize); // the demo EHR's user is signed in already
        assertThat(toCallback.statusCode()).as(toCallback.body()).isEqualTo(302);
        String callback = location(toCallback);
        assertThat(callback).startsWith(app("/smart/callback?")).contains("code=");

        var toPage = get(callback);
        assertThat(toPage.statusCode()).as(toPage.body()).isEqualTo(303);
        var page = get(location(toPage));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Regimen timeline: 田中 健二（タナカ ケンジ）", "demo-jp-c2").contains("id=\"regimen-table\"")
                .contains("Draft order (being composed): C2D1 1.2 mg on 2026-01-10")
                .contains("Viewing as: Demo Physician (Practitioner/demo-physician)")
                .doesNotContain("Not read from the EHR");

        // the same launch id again, from another browser (its history, a log, a screenshot): it opens nothing
        HttpClient other = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            var again = other.send(HttpRequest.newBuilder(URI.create(launch)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(302);
            String authorizeAgain = location(again);
            var refused = other.send(HttpRequest.newBuilder(URI.create(authorizeAgain)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode() == 302 ? location(refused) : "").as("a used launch gets no code").doesNotContain("code=");
            assertThat(refused.statusCode()).isIn(302, 400);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Review of the demo launch (black-box): bad launches are the caller's mistake (4xx), never a failure (5xx). */
    @Test
    void badLaunchesAreRefusedAsTheCallersMistake() {
        assertThat(get(app("/demo-ehr/launch")).statusCode()).isEqualTo(400);
        for (String iss : List.of("javascript:alert(1)", "file:///etc/passwd", "http://127.0.0.1:1@localhost:" + port + "/fhir")) {
            var answer = get(app("/smart/launch?launch=x&iss=" + URLEncoder.encode(iss, StandardCharsets.UTF_8)));
            assertThat(answer.statusCode()).as(iss).isEqualTo(400);
        }
    }

    @Test
    void theSmartConfigurationNamesTheDemoAuthorizationServer() {
        var config = get(app("/fhir/.well-known/smart-configuration"));
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("\"token_endpoint\":\"" + app("/demo-ehr/oauth2/token") + "\"").contains("\"S256\"");
        var jwks = get(app("/demo-ehr/oauth2/jwks"));
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
    }

    @Test
    void aDemoAccessTokenReadsItsLaunchsPatientOnly() throws Exception {
        String launch = query(location(get(app("/demo-ehr/launch?patient=demo-jp-c2")))).get("launch");
        var verifier = new CodeVerifier();
        String authorize = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(DemoAuthorizationServer.CLIENT_ID))
                .endpointURI(URI.create(app("/demo-ehr/oauth2/authorize"))).redirectionURI(URI.create(app("/smart/callback")))
                .scope(Scope.parse("launch openid patient/Observation.rs")).state(new State()).codeChallenge(verifier, CodeChallengeMethod.S256)
                .customParameter("aud", app("/fhir")).customParameter("launch", launch).build().toURI().toString();
        // another aud, or a launch the demo EHR did not issue: the authorization server answers with an error, no code
        assertThat(query(location(get(authorize.replace(URLEncoder.encode(app("/fhir"), StandardCharsets.UTF_8),
                URLEncoder.encode(app("/fhirx"), StandardCharsets.UTF_8)))))).containsEntry("error", "invalid_request").doesNotContainKey("code");
        assertThat(query(location(get(authorize.replace(launch, "not-a-launch"))))).containsEntry("error", "invalid_request").doesNotContainKey("code");
        String code = query(location(get(authorize))).get("code");
        String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&redirect_uri="
                + URLEncoder.encode(app("/smart/callback"), StandardCharsets.UTF_8) + "&client_id=" + DemoAuthorizationServer.CLIENT_ID
                + "&code_verifier=" + verifier.getValue();
        var tokenResponse = http.send(HttpRequest.newBuilder(URI.create(app("/demo-ehr/oauth2/token")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        var token = new ObjectMapper().readTree(tokenResponse.body());
        assertThat(token.path("patient").asText()).isEqualTo("demo-jp-c2");
        String bearer = "Bearer " + token.path("access_token").asText();
        assertThat(get(app("/fhir/Patient/demo-jp-c2"), "Authorization", bearer).statusCode()).isEqualTo(200);
        assertThat(get(app("/fhir/Observation?patient=demo-jp-c2"), "Authorization", bearer).statusCode()).isEqualTo(200);
        assertThat(get(app("/fhir/Patient/demo-us-c1d1"), "Authorization", bearer).statusCode()).isEqualTo(403);
        assertThat(get(app("/fhir/Observation?patient=demo-us-c1d1"), "Authorization", bearer).statusCode()).isEqualTo(403);
        assertThat(get(app("/fhir/Observation?patient=demo-jp-c2&subject=Patient/demo-us-c1d1"), "Authorization", bearer).statusCode()).isEqualTo(403);
        assertThat(get(app("/fhir/Observation"), "Authorization", bearer).statusCode()).as("a search of every patient").isEqualTo(403);
        // the same token with its signature changed
        assertThat(get(app("/fhir/Patient/demo-jp-c2"), "Authorization", bearer.substring(0, bearer.length() - 4) + "AAAA").statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownPatientIsNotLaunchedAndAForgedDemoTokenIsRefusedByTheSandbox() {
        assertThat(get(app("/demo-ehr/launch?patient=no-such-patient")).statusCode()).isEqualTo(404);
        // a token that names the demo EHR's key but is not signed by it
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"RS256\",\"kid\":\"demo-ehr-0\"}".getBytes(StandardCharsets.UTF_8));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"patient\":\"demo-jp-c2\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8));
        var forged = get(app("/fhir/Patient/demo-jp-c2"), "Authorization", "Bearer " + header + "." + body + ".c2ln");
        assertThat(forged.statusCode()).isEqualTo(401);
        // without a token the demo's sandbox stays open, as before
        assertThat(get(app("/fhir/Patient/demo-jp-c2")).statusCode()).isEqualTo(200);
    }
}
