package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser: each patient with its one-line story; the ANC demo patient's order-sign call shows
 * its hold card.
 */
class DemoPageBrowserTest extends ServiceHttpTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1000);

    @Test
    void aPatientsStoryIsShownAndItsHoldCardAppears() throws Exception {
        var driver = BROWSER.driver();
        driver.get("http://localhost:" + port + "/?patient=s33-hem1-anc-900&hook=order-sign&dose=1.60&lang=en&date=2026-01-10&run=1");
        var wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> !d.findElement(By.id("story")).getText().isBlank());
        assertThat(driver.findElement(By.id("story")).getText()).isEqualTo("C2D1: baseline ANC 2,500, now 900/µL → hold");
        wait.until(d -> d.getPageSource().contains("HEM-1"));
        assertThat(driver.getPageSource()).contains("HEM-1");
        Browser.screenshot(driver, "demo-page-s33");
    }
}
