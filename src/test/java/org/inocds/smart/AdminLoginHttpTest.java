package org.inocds.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * People sign in to {@code /admin/**} with a browser through OpenID Connect at the site's IdP (here the test's
 * authorization server, {@link TestEhr}): a user whose {@code groups} claim holds {@code inocds-admin} reads the
 * feedback page, a user without it is refused; JSON clients keep bearer tokens (no redirect to a login for them).
 */
class AdminLoginHttpTest extends SmartEhrTest {

    /** From the admin page through the IdP's login as {@code user}, back to where the browser started. */
    private HttpResponse<String> signInAndOpen(HttpBrowser browser, String user) {
        var first = browser.get(app("/admin/feedback"));
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(HttpBrowser.location(first)).isEqualTo(app("/oauth2/authorization/admin"));
        var toIdp = browser.get(HttpBrowser.location(first));
        String authorize = HttpBrowser.location(toIdp);
        assertThat(authorize).startsWith(EHR.authorizationServerBase() + "/oauth2/authorize?");
        assertThat(HttpBrowser.query(authorize)).containsEntry("client_id", TestEhr.ADMIN_CLIENT_ID).containsEntry("scope", "openid")
                .containsEntry("code_challenge_method", "S256").containsKey("nonce");
        String callback = browser.signIn(authorize, user);
        assertThat(callback).startsWith(app("/login/oauth2/code/admin?"));
        var back = browser.get(callback);
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(HttpBrowser.location(back)).startsWith(app("/admin/feedback"));
        return browser.get(HttpBrowser.location(back));
    }

    @Test
    void aUserWithTheAdminGroupReadsTheFeedbackPage() {
        var page = signInAndOpen(new HttpBrowser(), "admin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
    }

    @Test
    void aUserWithoutItIsRefused() {
        var page = signInAndOpen(new HttpBrowser(), "doctor");
        assertThat(page.statusCode()).isEqualTo(403);
    }

    @Test
    void jsonClientsKeepBearerTokens() {
        var noToken = new HttpBrowser().get(app("/admin/feedback-summary"), "Accept", "application/json");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Location")).isEmpty();
        var badToken = new HttpBrowser().get(app("/admin/feedback-summary"), "Authorization", "Bearer not-a-token");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer error=\"invalid_token\"");
    }
}
