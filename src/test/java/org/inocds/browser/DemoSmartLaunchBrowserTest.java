package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page opens the timeline as a SMART app, as an EHR would (issue 25), in Debian's Chromium: the demo as it
 * starts with no setting (sandbox on, JWT off); its "Regimen timeline (SMART launch)" link goes through the demo EHR's
 * launcher and authorization server (launch + iss, PKCE, a token for the chosen patient, an id_token naming the demo
 * physician) to the app, which reads the sandbox with that token and draws the patient's course, the order being
 * composed and who is viewing, without a console error.
 */
class DemoSmartLaunchBrowserTest extends ServiceHttpTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1400);

    @Test
    void theDemoPageLaunchesTheTimelineForTheChosenPatientThroughTheDemoEhr() throws Exception {
        var driver = BROWSER.driver();
        driver.manage().logs().get(LogType.BROWSER); // drained: what earlier tests left is theirs
        driver.get("http://localhost:" + port + "/?patient=demo-jp-c2&lang=en&dose=1.2&unit=mg&date=2026-01-10");
        var wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> d.findElement(By.id("smartLaunch")).getDomAttribute("href").contains("patient=demo-jp-c2"));
        String main = driver.getWindowHandle();
        var link = driver.findElement(By.id("smartLaunch"));
        assertThat(link.getText()).isEqualTo("Regimen timeline (SMART launch)");
        ((JavascriptExecutor) driver).executeScript("arguments[0].click();", link);
        wait.until(d -> d.getWindowHandles().size() > 1);
        String opened = driver.getWindowHandles().stream().filter(h -> !h.equals(main)).findFirst().orElseThrow();
        driver.switchTo().window(opened);
        try {
            wait.until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 5);
            assertThat(driver.getCurrentUrl()).isEqualTo("http://localhost:" + port + "/smart/timeline");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Regimen timeline: 田中 健二（タナカ ケンジ）");
            var notices = driver.findElements(By.cssSelector("p.notice")).stream().map(e -> e.getText()).toList();
            assertThat(notices).contains("Viewing as: Demo Physician (Practitioner/demo-physician)");
            // the order being composed, drawn and named by the timeline's header
            assertThat(driver.findElement(By.tagName("header")).getText()).contains("Draft order (being composed): C2D1 1.2 mg on 2026-01-10");
            assertThat(driver.findElements(By.cssSelector("#regimen-table table tbody tr"))).isNotEmpty();
            var errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
            assertThat(errors).isEmpty();
            Browser.screenshot(driver, "demo-smart-launch-timeline");
        } finally {
            driver.close();
            driver.switchTo().window(main);
        }
    }
}
