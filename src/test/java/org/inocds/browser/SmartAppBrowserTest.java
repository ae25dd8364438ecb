package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;
import org.inocds.smart.SmartEhrTest;
import org.inocds.smart.TestEhr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The SMART app in Debian's Chromium, launched as an EHR launches it (issue 25): the EHR opens the launch URL with
 * {@code iss} and {@code launch}, the user signs in at the test's authorization server, and the timeline of the launch's
 * patient is drawn from the EHR's FHIR server with the card's order, under the page's Content-Security-Policy without a
 * console error; a callback this browser did not start shows the refusal and no chart. JWT required, sandbox off.
 */
class SmartAppBrowserTest extends SmartEhrTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1400);

    @Test
    void theEhrLaunchesTheTimelineAndTheBrowserDrawsThePatientsCourse() throws Exception {
        var driver = BROWSER.driver();
        driver.manage().logs().get(LogType.BROWSER); // drained: what earlier tests left is theirs
        String launch = TestEhr.launch(TestEhr.PATIENT, "{\"plannedDate\":\"2026-01-10\",\"doseMg\":\"1.2\"}");
        driver.get(app("/smart/launch?lang=en&iss=" + EHR.fhirBase() + "&launch=" + launch));
        var wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> !d.findElements(By.name("username")).isEmpty());
        assertThat(driver.getCurrentUrl()).startsWith(EHR.authorizationServerBase() + "/login");
        driver.findElement(By.name("username")).sendKeys("doctor");
        driver.findElement(By.name("password")).sendKeys(TestEhr.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 5);
        assertThat(driver.getCurrentUrl()).isEqualTo(app("/smart/timeline"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Regimen timeline: 田中 健二（タナカ ケンジ）");
        // the card's appContext reaches the view: the order being composed named in the header and drawn on the charts
        assertThat(driver.findElement(By.id("draft-order")).getText()).isEqualTo("Draft order (being composed): C2D1 1.2 mg on 2026-01-10, level 0");
        assertThat(driver.findElements(By.cssSelector("#charts .tl-label.kind-draft"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#regimen-table table tbody tr"))).isNotEmpty();
        var errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
        assertThat(errors).isEmpty();
        Browser.screenshot(driver, "smart-app-timeline");
        // the token is in no cookie the browser holds and nowhere on the page
        assertThat(EHR.tokensSeen).isNotEmpty();
        String token = EHR.tokensSeen.get(EHR.tokensSeen.size() - 1);
        assertThat(driver.getPageSource()).doesNotContain(token);
        assertThat(driver.manage().getCookies().toString()).doesNotContain(token);
    }

    @Test
    void aCallbackThisBrowserDidNotStartShowsTheRefusalAndNoChart() {
        var driver = BROWSER.driver();
        driver.manage().deleteAllCookies();
        driver.get(app("/smart/callback?lang=en&code=stolen&state=not-started-here-0123456789012345678901234567"));
        assertThat(driver.findElement(By.id("smart-refused")).getText()).contains("does not belong to a launch started in this browser");
        driver.get(app("/smart/timeline?lang=en"));
        assertThat(driver.findElement(By.id("smart-refused")).getText()).contains("Open this app from the EHR");
        assertThat(driver.findElements(By.id("charts"))).isEmpty();
    }
}
