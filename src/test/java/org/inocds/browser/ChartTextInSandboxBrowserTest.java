package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 22, defect 4, in the public CDS Hooks sandbox (built unchanged, served on loopback, in headless Chromium): a
 * VOD/SOS Condition whose text carries an image tag and a markdown image gives its HEP-1 card with that text shown as
 * text — no image element is made and nothing is loaded from another origin. Skipped, saying so, without the sandbox
 * build or the browser ({@link BrowserSession}).
 */
class ChartTextInSandboxBrowserTest extends ServiceHttpTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1500, 1100).serving(Browser.SANDBOX.resolve("build"));

    private static final String PLANTED = "VOD <img src=http://127.0.0.1:1/x> ![i](http://127.0.0.1:1/i)";

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void markupInAConditionIsShownAsTextInThePublicSandbox() throws Exception {
        String condition = """
                {"resourceType":"Condition","id":"s56-pv-vod-active-cond-20","clinicalStatus":{"coding":[{"system":
                 "http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":
                 "http://hl7.org/fhir/sid/icd-10","code":"K76.5","display":"%1$s"}],"text":"%1$s"},
                 "subject":{"reference":"Patient/s56-pv-vod-active"},"onsetDateTime":"2026-01-07"}""".formatted(PLANTED);
        var put = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Condition/s56-pv-vod-active-cond-20"))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(condition)).build());
        assertThat(put.status()).isIn(200, 201);

        String url = "http://localhost:" + BROWSER.servedPort() + "/?fhirServiceUrl=" + enc("http://localhost:" + port + "/fhir")
                + "&patientId=s56-pv-vod-active&serviceDiscoveryURL=" + enc("http://localhost:" + port + "/cds-services")
                + "&hook=patient-view&screen=patient-view";
        BROWSER.driver().get(url);
        new WebDriverWait(BROWSER.driver(), Duration.ofSeconds(45))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "STOP inotuzumab"));
        Browser.screenshot(BROWSER.driver(), "sandbox-s56-planted-markup");

        // shown as text (a renderer that links bare URLs keeps the escapes of the address visible: still no link formed)
        assertThat(BROWSER.driver().findElement(By.tagName("body")).getText()).contains("<img src=http://127");
        assertThat(BROWSER.driver().findElements(By.cssSelector("img[src*='127.0.0.1:1']"))).isEmpty();
        assertThat(BROWSER.driver().findElements(By.cssSelector("a[href^='javascript'], a[href*='127.0.0.1:1']"))).isEmpty();
    }
}
