package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The demo EHR page in a real browser, as a new user drives it: it loads with no console error at desktop and tablet
 * widths; each patient shows its one-line story; the ANC demo patient's order-sign call shows its hold card; applying a
 * dose suggestion changes the draft order (in mg or in vials) and the repeated call no longer shows the dose card;
 * applying a premedication suggestion writes the orders to the embedded FHIR server and the repeated call no longer offers
 * them; overriding a card with a reason posts feedback that the summary page then shows. Screenshots in
 * {@code target/screenshots}.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // it writes orders to the sandbox that other tests share
class DemoPageBrowserTest extends ServiceHttpTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1000);

    /** The demo's "today": the service runs on a fixed clock of 2026-01-10 and the demo data is moved to it. */
    private String page(String query) {
        return "http://localhost:" + port + "/?" + query + "&date=2026-01-10";
    }

    private WebDriverWait waitUpTo20s() {
        return new WebDriverWait(BROWSER.driver(), Duration.ofSeconds(20));
    }

    private List<String> consoleErrors() {
        return BROWSER.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
    }

    private List<WebElement> cardsOf(String rule) {
        return BROWSER.driver().findElements(By.cssSelector("#cards .card")).stream()
                .filter(c -> List.of(c.getDomAttribute("data-rules").split(" ")).contains(rule)).toList();
    }

    /** Opens the demo page at desktop width with this query and waits for its first answer. */
    private ChromeDriver calledWith(String query) {
        ChromeDriver driver = BROWSER.driver();
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get(page(query));
        awaitCalls(1);
        return driver;
    }

    /** Waits for the n-th answer of the service to be on the page. */
    private void awaitCalls(int n) {
        waitUpTo20s().until(d -> String.valueOf(n).equals(d.findElement(By.id("cards")).getDomAttribute("data-calls")));
    }

    @Test
    void loadsWithNoConsoleErrorAtDesktopAndTabletWidths() throws Exception {
        WebDriver driver = BROWSER.driver();
        for (Dimension size : List.of(new Dimension(1400, 1000), new Dimension(820, 1180))) {
            driver.manage().window().setSize(size);
            driver.get(page("patient=demo-jp-c2&hook=order-sign&dose=1.39&lang=ja&run=1"));
            awaitCalls(1);
            assertThat(new Select(driver.findElement(By.id("patient"))).getOptions()).hasSizeGreaterThan(20);
            assertThat(consoleErrors()).as("console errors").isEmpty();
            Browser.screenshot(BROWSER.driver(), "demo-page-" + size.getWidth());
        }
    }

    @Test
    void aPatientsStoryIsShownAndItsHoldCardAppears() throws Exception {
        var driver = calledWith("patient=s33-hem1-anc-900&hook=order-sign&dose=1.60&lang=en&run=1");
        assertThat(driver.findElement(By.id("story")).getText()).isEqualTo("C2D1: baseline ANC 2,500, now 900/µL → hold");
        assertThat(cardsOf("HEM-1")).hasSize(1);
        assertThat(cardsOf("HEM-1").get(0).getDomAttribute("class")).isEqualTo("card warning");
        Browser.screenshot(driver, "demo-page-s33");
    }

    /**
     * A patient chosen with nothing else said gets the call its story is about — the hook, the dose, the other drugs
     * signed with it — and the cards the page says to expect are the cards that come.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"s52-conditioning-two-alkylators, order-sign, VOD-2 (warning)", "s55-pv-anc-hold, patient-view, 'HEM-1 (warning), STATUS-1 (info)'",
            "demo-jp-c2, order-sign, none"})
    void choosingAPatientPresetsItsCallAndTheExpectedCardsCome(String patient, String hook, String expected) throws Exception {
        var driver = BROWSER.driver();
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get(page("patient=" + patient));
        waitUpTo20s().until(d -> !d.findElement(By.id("expect")).getText().isBlank());
        assertThat(driver.findElement(By.id("expect")).getText()).endsWith(": " + expected);
        assertThat(new Select(driver.findElement(By.id("hook"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo(hook);
        driver.findElement(By.id("call")).click();
        awaitCalls(1);
        List<String> shown = driver.findElements(By.cssSelector("#cards .card")).stream()
                .map(c -> c.getDomAttribute("data-rules").split(" ")[0] + " (" + c.getDomAttribute("class").substring(5) + ")").sorted().toList();
        assertThat(shown.isEmpty() ? "none" : String.join(", ", shown)).isEqualTo(expected);
        assertThat(consoleErrors()).isEmpty();
        Browser.screenshot(driver, "demo-page-" + patient);
    }

    /**
    * s02: C1D1 at 2.00 m², so 1.60 mg is right. Ordered 1.70 mg → DOSE-2 (a 6 % difference); ordered 2 vials (2 mg)
    * → DOSE-3 (an overdose beyond +10 %). The suggestion is written in the order's own unit; applied, the repeated call
    * shows neither dose card, nor any warning or critical card.
    */
    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({"1.70, mg, DOSE-2, 1.6", "2, vial, DOSE-3, 1.6"})
    void applyingTheDoseSuggestionChangesTheOrderAndTheRepeatedCallIsQuiet(String dose, String unit, String rule, String corrected)
            throws Exception {
        var driver = calledWith("patient=s02-c1d1-wrong-dose&hook=order-sign&lang=en&run=1&dose=" + dose + "&unit=" + unit);
        assertThat(cardsOf(rule)).as("the dose card").hasSize(1);
        cardsOf(rule).get(0).findElement(By.cssSelector("button.suggestion")).click();
        awaitCalls(2);
        assertThat(driver.findElement(By.id("dose")).getDomProperty("value")).isEqualTo(corrected);
        assertThat(new Select(driver.findElement(By.id("unit"))).getFirstSelectedOption().getDomAttribute("value")).isEqualTo(unit);
        assertThat(cardsOf("DOSE-2")).isEmpty();
        assertThat(cardsOf("DOSE-3")).isEmpty();
        assertThat(driver.findElements(By.cssSelector("#cards .card.warning, #cards .card.critical"))).isEmpty();
        assertThat(driver.findElement(By.id("status")).getText()).contains("feedback recorded", "called again");
        assertThat(consoleErrors()).isEmpty();
        Browser.screenshot(driver, "demo-page-s02-" + unit + "-applied");
        // the acceptance reached the service
        var summary = cds.get("/admin/feedback-summary", Map.of("Accept", "application/json")).json();
        assertThat(summary.get("rules").findValues("rule").stream().map(r -> r.asText())).contains(rule);
    }

    /**
     * s32: C1D1 with no premedication on the chart → PRE-1 offers the site's premedication orders (create suggestions).
     * Each applied is written to the embedded FHIR server, and the repeated call, which reads the chart again, offers one
     * order fewer, until PRE-1 is gone.
     */
    @Test
    void applyingThePremedicationSuggestionWritesTheOrdersToTheChartAndTheCardGoesAway() throws Exception {
        String onChart = "/fhir/MedicationRequest?patient=s32-no-premedication";
        int before = cds.get(onChart, Map.of("Accept", "application/fhir+json")).json().path("entry").size();
        var driver = calledWith("patient=s32-no-premedication&hook=order-sign&dose=1.60&lang=ja&run=1");
        // one suggestion per missing class (corticosteroid, antipyretic, antihistamine): each applied leaves one fewer
        for (int offered = 3; offered > 0; offered--) {
            assertThat(cardsOf("PRE-1")).hasSize(1);
            var suggestions = cardsOf("PRE-1").get(0).findElements(By.cssSelector("button.suggestion"));
            assertThat(suggestions).hasSize(offered);
            suggestions.get(0).click();
            awaitCalls(5 - offered);
        }
        assertThat(cardsOf("PRE-1")).isEmpty();
        assertThat(driver.findElement(By.id("status")).getText()).contains("カルテに追加", "フィードバックを記録しました"); // the page is in Japanese
        assertThat(cds.get(onChart, Map.of("Accept", "application/fhir+json")).json().path("entry").size()).isGreaterThan(before);
        assertThat(consoleErrors()).isEmpty();
        Browser.screenshot(driver, "demo-page-s32-premedication-applied");
    }

    @Test
    void overridingWithAReasonPostsFeedbackThatTheSummaryPageShows() throws Exception {
        var driver = calledWith("patient=s33-hem1-anc-900&hook=order-sign&dose=1.60&lang=en&run=1");
        WebElement card = cardsOf("HEM-1").get(0);
        var reasons = new Select(card.findElement(By.cssSelector("select.override-reason")));
        String reason = reasons.getOptions().get(reasons.getOptions().size() - 1).getText();
        reasons.selectByIndex(reasons.getOptions().size() - 1);
        card.findElement(By.cssSelector("button.override")).click();
        waitUpTo20s().until(d -> d.findElement(By.id("status")).getText().contains("feedback recorded"));
        assertThat(driver.findElement(By.id("status")).getText()).contains("Overridden (" + reason + ")");
        assertThat(cardsOf("HEM-1")).isEmpty();

        driver.get("http://localhost:" + port + "/admin/feedback-summary?lang=en");
        waitUpTo20s().until(d -> d.getPageSource().contains("Feedback by rule"));
        WebElement row = driver.findElements(By.cssSelector("#by-rule tr")).stream()
                .filter(r -> !r.findElements(By.cssSelector("a[href='/rules/HEM-1']")).isEmpty()).findFirst().orElseThrow();
        assertThat(row.getText()).contains(reason + " × 1");
        assertThat(row.findElements(By.cssSelector(".bar.ovr"))).hasSize(1);
        assertThat(row.findElement(By.cssSelector(".bar.ovr")).getSize().getWidth()).as("the override bar is drawn").isPositive();
        assertThat(consoleErrors()).isEmpty();
        Browser.screenshot(driver, "feedback-summary");
    }
}
