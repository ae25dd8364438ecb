package org.inocds.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.inocds.sandbox.DemoLaunches;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The regimen timeline launched as a SMART app the way an EHR launches it, at the HTTP level (no browser, so CI without
 * one still checks it): against a real OAuth2/OIDC server and a FHIR server that requires its tokens ({@link TestEhr}),
 * with JWT required and the sandbox off as in {@code prod}. The chart appears for the launch's patient with the card's
 * order; a forged {@code state}, an {@code iss} not registered or not allowlisted, an {@code aud} the server refuses,
 * an expired or refused token are each refused; nothing is read without a token, and the token is never in a URL, a
 * page or the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SmartLaunchHttpTest extends SmartEhrTest {

    private String ehrLaunch(String iss, String appContext) {
        return app("/smart/launch?iss=" + iss + "&launch=" + TestEhr.launch(TestEhr.PATIENT, appContext) + "&lang=en");
    }

    @Test
    void anEhrLaunchShowsThePatientsCourseWithTheCardsOrder(CapturedOutput output) {
        var browser = new HttpBrowser();
        int before = EHR.fhirRequests.get();
        var launched = browser.get(ehrLaunch(EHR.fhirBase(), "{\"plannedDate\":\"2026-01-10\",\"doseMg\":\"1.2\"}"));
        assertThat(launched.statusCode()).isEqualTo(302);
        String authorize = HttpBrowser.location(launched);
        var asked = HttpBrowser.query(authorize);
        assertThat(authorize).startsWith(EHR.authorizationServerBase() + "/oauth2/authorize?");
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", TestEhr.CLIENT_ID)
                .containsEntry("aud", EHR.fhirBase()).containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", app("/smart/callback"));
        assertThat(asked.get("launch")).isNotBlank();
        assertThat(asked.get("scope").split(" ")).contains("launch", "openid", "fhirUser", "patient/Observation.rs");
        assertThat(asked.get("code_challenge")).hasSize(43); // base64url of a SHA-256
        assertThat(asked.get("state").length()).as("a 256-bit state, base64url").isGreaterThanOrEqualTo(43);
        assertThat(EHR.fhirRequests.get()).as("nothing read before the token").isEqualTo(before);

        String callback = browser.signIn(authorize, "doctor");
        assertThat(callback).startsWith(app("/smart/callback?"));
        assertThat(HttpBrowser.query(callback)).containsEntry("state", asked.get("state")).containsKey("code");
        var back = browser.get(callback);
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(HttpBrowser.location(back)).isEqualTo(app("/smart/timeline"));

        var page = browser.get(app("/smart/timeline?lang=en"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Regimen timeline: 田中 健二（タナカ ケンジ）", TestEhr.PATIENT).contains("id=\"regimen-table\"")
                .contains("Draft order (being composed): C2D1 1.2 mg on 2026-01-10, level 0").contains("id=\"timeline-data\"")
                // who is viewing, from the verified id_token's fhirUser
                .contains("Viewing as: Practitioner/doctor");
        assertThat(page.body()).doesNotContain("Not read from the EHR");
        // the EHR's FHIR server was read with the token only, every prefetch part of the cards
        assertThat(EHR.fhirRequests.get() - before).isGreaterThanOrEqualTo(12);
        assertThat(EHR.tokensSeen).isNotEmpty();
        String token = EHR.tokensSeen.get(EHR.tokensSeen.size() - 1);
        assertThat(page.body()).doesNotContain(token);
        assertThat(back.headers().allValues("Location").toString()).doesNotContain(token);
        assertThat(output.getAll()).doesNotContain(token);
        // framed only by the site's EHR
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors https://ehr.example.org");
        assertThat(page.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    }

    @Test
    void aStandaloneLaunchAsksForAPatientAndShowsTheOneChosen() {
        var browser = new HttpBrowser();
        var launched = browser.get(app("/smart/launch?iss=" + EHR.fhirBase()));
        var asked = HttpBrowser.query(HttpBrowser.location(launched));
        assertThat(asked).doesNotContainKey("launch");
        assertThat(asked.get("scope").split(" ")).contains("launch/patient").doesNotContain("launch");
        browser.get(browser.signIn(HttpBrowser.location(launched), "doctor"));
        var page = browser.get(app("/smart/timeline?lang=en"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"regimen-table\"").doesNotContain("Draft order").doesNotContain("id=\"draft-order\"");
    }

    @Test
    void aCallbackWhoseStateThisBrowserDidNotStartIsRefused() {
        var browser = new HttpBrowser();
        String authorize = HttpBrowser.location(browser.get(ehrLaunch(EHR.fhirBase(), null)));
        String callback = browser.signIn(authorize, "doctor");
        String code = HttpBrowser.query(callback).get("code");
        int before = EHR.fhirRequests.get();
        // a forged state, with the real code
        var forged = browser.get(app("/smart/callback?code=" + code + "&state=forged-state-0123456789012345678901234567890"));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("does not belong to a launch started in this browser");
        // the real callback in another browser (no session): refused too
        var elsewhere = new HttpBrowser().get(callback);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        // and neither left a session that reads anything
        assertThat(browser.get(app("/smart/timeline")).statusCode()).isEqualTo(401);
        assertThat(EHR.fhirRequests.get()).isEqualTo(before);
        // the state is used once: the real callback after the refusals still works in its own browser, and only once
        assertThat(browser.get(callback).statusCode()).isEqualTo(303);
        assertThat(browser.get(callback).statusCode()).isEqualTo(400);
    }

    @Test
    void anIssNotRegisteredOrNotAllowedIsRefusedBeforeAnythingIsFetched() {
        int discoveries = EHR.discoveries.get();
        var browser = new HttpBrowser();
        var unknown = browser.get(app("/smart/launch?iss=" + EHR.fhirOrigin() + "/elsewhere&launch=x"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("not registered");
        var notAllowed = browser.get(app("/smart/launch?iss=http://127.0.0.2:9/fhir&launch=x"));
        assertThat(notAllowed.statusCode()).isEqualTo(400);
        assertThat(browser.get(app("/smart/launch?launch=x")).statusCode()).isEqualTo(400);
        assertThat(EHR.discoveries.get()).isEqualTo(discoveries);
    }

    @Test
    void anAudienceTheAuthorizationServerRefusesEndsTheLaunch() {
        var browser = new HttpBrowser();
        var launched = browser.get(ehrLaunch(EHR.otherFhirBase(), null));
        assertThat(HttpBrowser.query(HttpBrowser.location(launched))).containsEntry("aud", EHR.otherFhirBase());
        String callback = browser.signIn(HttpBrowser.location(launched), "doctor");
        assertThat(HttpBrowser.query(callback)).containsEntry("error", "invalid_request").doesNotContainKey("code");
        var refused = browser.get(callback);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("did not grant access");
        assertThat(browser.get(app("/smart/timeline")).statusCode()).isEqualTo(401);
    }

    @Test
    void anExpiredTokenIsNotUsedAndARefusedOneEndsTheSession() throws Exception {
        TestEhr.TOKEN_LIFETIME.set(Duration.ofSeconds(2)); // expires_in is written in whole seconds left: 1 s may read as 0 (unknown)
        var browser = new HttpBrowser();
        var launched = browser.get(ehrLaunch(EHR.fhirBase(), null));
        browser.get(browser.signIn(HttpBrowser.location(launched), "doctor"));
        Thread.sleep(2500);
        int before = EHR.fhirRequests.get();
        var expired = browser.get(app("/smart/timeline?lang=en"));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("has expired").doesNotContain("regimen-table");
        assertThat(EHR.fhirRequests.get()).as("an expired token is not sent").isEqualTo(before);

        // a token the EHR no longer accepts (revoked, or expired by its clock)
        TestEhr.TOKEN_LIFETIME.set(Duration.ofMinutes(5));
        var second = new HttpBrowser();
        second.get(second.signIn(HttpBrowser.location(second.get(ehrLaunch(EHR.fhirBase(), null))), "doctor"));
        EHR.refuseAll.set(true);
        var refused = second.get(app("/smart/timeline?lang=en"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("has expired").doesNotContain("regimen-table");
        EHR.refuseAll.set(false);
        assertThat(second.get(app("/smart/timeline")).statusCode()).as("the session's token is dropped").isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(value = TestEhr.IdTokenFault.class, names = {"WRONG_SIGNATURE", "WRONG_AUDIENCE", "EXPIRED"})
    void anIdTokenThatFailsVerificationRefusesTheLaunch(TestEhr.IdTokenFault fault) {
        TestEhr.ID_TOKEN_FAULT.set(fault);
        var browser = new HttpBrowser();
        int before = EHR.fhirRequests.get();
        String callback = browser.signIn(HttpBrowser.location(browser.get(ehrLaunch(EHR.fhirBase(), null))), "doctor");
        var refused = browser.get(callback);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("could not be verified").doesNotContain("regimen-table");
        assertThat(browser.get(app("/smart/timeline")).statusCode()).as("no session holds the token").isEqualTo(401);
        assertThat(EHR.fhirRequests.get()).as("nothing read").isEqualTo(before);
    }

    @Test
    void theDemoEhrIsNotThereWithTheSandboxOffAndJwtRequired(@Autowired ApplicationContext context) {
        assertThat(context.getBeansOfType(DemoLaunches.class)).isEmpty();
        assertThat(context.getBeansOfType(InocdsProperties.SmartClient.class)).as("no EHR registered but the site's").isEmpty();
        assertThat(new HttpBrowser().get(app("/demo-ehr/oauth2/jwks")).statusCode()).isEqualTo(401);
        assertThat(new HttpBrowser().get(app("/fhir/.well-known/smart-configuration")).statusCode()).isEqualTo(401);
    }

    @Test
    void nothingIsReadWithoutAToken() {
        int before = EHR.fhirRequests.get();
        var page = new HttpBrowser().get(app("/smart/timeline?lang=en"));
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("Open this app from the EHR").doesNotContain("regimen-table");
        assertThat(EHR.fhirRequests.get()).isEqualTo(before);
        assertThat(EHR.refusedWithoutToken.get()).as("the app never asked the FHIR server without a token").isZero();
        // the test FHIR server itself refuses a request without one
        HttpResponse<String> direct = new HttpBrowser().get(EHR.fhirBase() + "/Patient/" + TestEhr.PATIENT);
        assertThat(direct.statusCode()).isEqualTo(401);
        EHR.refusedWithoutToken.decrementAndGet();
        // the other pages keep their bearer tokens and no framing
        var cds = new HttpBrowser().get(app("/cds-services"));
        assertThat(cds.statusCode()).isEqualTo(401);
        assertThat(cds.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
    }
}
