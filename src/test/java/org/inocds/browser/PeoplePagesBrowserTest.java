package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Issue 23 items 6 and 7, as a person reads them: the demo EHR page and the feedback summary page, each in Japanese and
 * in English at desktop (1400 px) and tablet (768 px) widths. In Japanese no control, button, label, heading or status
 * text is left in English (the visible texts collected and checked against a short list of codes and proper names), and
 * in English none in Japanese (the language's own name aside); choosing the other language on the demo page relabels it;
 * the feedback page has its legend, its period and its split per hook and per rule. Screenshots in
 * {@code target/screenshots}.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS) // it gives feedback that the other tests' summaries would count
class PeoplePagesBrowserTest extends ServiceHttpTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1000);

    private static final List<Integer> WIDTHS = List.of(1400, 768);
    /** Codes and proper names a Japanese page may show in Latin letters. */
    private static final Set<String> CODES = Set.of("cds", "hooks", "fhir", "jwt", "rxnorm", "mg", "http", "utc", "english", "order",
            "sign", "select", "patient", "view", "id", "smart");
    /** Rule ids, hook codes, numbers: not words. */
    private static final Pattern NOT_WORDS = Pattern.compile("\\b[A-Z]{2,6}-\\d{1,2}\\b|\\b(order-sign|order-select|patient-view)\\b");
    private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

    private WebDriverWait waitUpTo20s() {
        return new WebDriverWait(BROWSER.driver(), Duration.ofSeconds(20));
    }

    private List<String> consoleErrors() {
        return BROWSER.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
    }

    private void awaitCalls(int n) {
        waitUpTo20s().until(d -> String.valueOf(n).equals(d.findElement(By.id("cards")).getDomAttribute("data-calls")));
    }

    /**
     * What a person reads as the page's controls: buttons, labels, legends, headings, table headers, links, the status
     * lines, every option of the page's own selects, placeholders and accessible names.
     */
    @SuppressWarnings("unchecked")
    private static List<String> controlTexts(ChromeDriver driver) {
        // a label's or legend's own words, not the options of the select it holds; the patient picker's options are the
        // patients' ids and names
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const out = [];
                const own = el => Array.from(el.childNodes)
                  .filter(n => n.nodeType === 3 || !['SELECT', 'INPUT', 'TEXTAREA'].includes(n.nodeName)).map(n => n.textContent).join(' ');
                for (const el of document.querySelectorAll('button, label, legend, h1, h2, th, a, #status, #expect, #others, #period, '
                    + '#span, #legend, #withdrawn, #no-cards, .indicator')) {
                  if (el.getClientRects().length) out.push(own(el));
                }
                for (const o of document.querySelectorAll('select:not(#patient) option')) out.push(o.textContent);
                for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
                  for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
                }
                out.push(document.title);
                return out.filter(t => t.trim());""");
    }

    /** The Latin words of the texts that are not codes or proper names. */
    private static Set<String> english(List<String> texts) {
        Set<String> found = new TreeSet<>();
        for (String text : texts) {
            Matcher w = LATIN_WORD.matcher(NOT_WORDS.matcher(text).replaceAll(" "));
            while (w.find()) {
                if (!CODES.contains(w.group().toLowerCase())) {
                    found.add(w.group() + " ← " + text);
                }
            }
        }
        return found;
    }

    /** The texts with Japanese in them (the language's own name aside, which is how a reader finds it). */
    private static List<String> japanese(List<String> texts) {
        return texts.stream().map(t -> t.replace("日本語", "")).filter(t -> JAPANESE.matcher(t).find()).toList();
    }

    private void assertInItsLanguage(ChromeDriver driver, String lang, String page) {
        List<String> texts = controlTexts(driver);
        assertThat(texts).as("texts collected on " + page).hasSizeGreaterThan(8);
        if (lang.equals("ja")) {
            assertThat(english(texts)).as("English left on the Japanese " + page).isEmpty();
        } else {
            assertThat(japanese(texts)).as("Japanese left on the English " + page).isEmpty();
        }
    }

    @Test
    void theDemoPageIsInTheLanguageChosenAndRelabelsWhenAnotherIsChosen() throws Exception {
        ChromeDriver driver = BROWSER.driver();
        for (String lang : List.of("ja", "en")) {
            for (int width : WIDTHS) {
                driver.manage().window().setSize(new Dimension(width, 1000));
                driver.get("http://localhost:" + port + "/?patient=s33-hem1-anc-900&hook=order-sign&dose=1.60&run=1&date=2026-01-10&lang=" + lang);
                awaitCalls(1);
                assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo(lang);
                assertThat(driver.findElements(By.cssSelector("#cards .card"))).isNotEmpty();
                // override a card: its status line is in the page's language too
                WebElement card = driver.findElements(By.cssSelector("#cards .card")).stream()
                        .filter(c -> !c.findElements(By.cssSelector("button.override")).isEmpty()).findFirst().orElseThrow();
                card.findElement(By.cssSelector("button.override")).click();
                waitUpTo20s().until(d -> !d.findElement(By.id("status")).getText().isBlank());
                assertThat(driver.findElement(By.id("status")).getText()).contains(lang.equals("ja") ? "フィードバックを記録しました" : "feedback recorded");
                assertInItsLanguage(driver, lang, "demo page at " + width + " px");
                assertThat(consoleErrors()).as("console errors").isEmpty();
                Browser.screenshot(driver, "demo-page-" + lang + "-" + width);
            }
        }
        // chosen on the page: relabelled from the same words, both ways
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get("http://localhost:" + port + "/?patient=s02-c1d1-wrong-dose&hook=order-sign&dose=1.70&date=2026-01-10&lang=en");
        waitUpTo20s().until(d -> !d.findElement(By.id("expect")).getText().isBlank());
        assertThat(driver.findElement(By.id("call")).getText()).isEqualTo("Call the service");
        new Select(driver.findElement(By.id("lang"))).selectByValue("ja");
        assertThat(driver.findElement(By.id("call")).getText()).isEqualTo("サービスを呼び出す");
        assertThat(driver.findElement(By.id("expect")).getText()).startsWith("期待されるカード：");
        assertThat(driver.findElement(By.id("token")).getDomAttribute("placeholder")).isEqualTo("サービスが JWT を求める場合のみ");
        driver.findElement(By.id("call")).click();
        awaitCalls(1);
        assertInItsLanguage(driver, "ja", "demo page switched to Japanese");
        Browser.screenshot(driver, "demo-page-switched-ja");
        new Select(driver.findElement(By.id("lang"))).selectByValue("en");
        assertThat(driver.findElement(By.id("call")).getText()).isEqualTo("Call the service");
        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        // the cards stay as the service worded them until the next call; the page's own words follow at once
        driver.findElement(By.id("call")).click();
        awaitCalls(2);
        assertInItsLanguage(driver, "en", "demo page switched back to English");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void theFeedbackPageHasItsLegendPeriodAndSplitsInBothLanguages() throws Exception {
        ChromeDriver driver = BROWSER.driver();
        // a card issued and overridden, so that the page has a row, bars and a reason
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get("http://localhost:" + port + "/?patient=s33-hem1-anc-900&hook=order-sign&dose=1.60&run=1&date=2026-01-10&lang=en");
        awaitCalls(1);
        driver.findElements(By.cssSelector("#cards .card button.override")).get(0).click();
        waitUpTo20s().until(d -> d.findElement(By.id("status")).getText().contains("feedback recorded"));
        for (String lang : List.of("ja", "en")) {
            for (int width : WIDTHS) {
                driver.manage().window().setSize(new Dimension(width, 1000));
                driver.get("http://localhost:" + port + "/admin/feedback?lang=" + lang);
                WebElement legend = driver.findElement(By.id("legend"));
                assertThat(legend.isDisplayed()).isTrue();
                assertThat(legend.findElements(By.cssSelector(".swatch"))).hasSize(3);
                assertThat(legend.getText()).contains(lang.equals("ja") ? "凡例" : "Legend");
                assertThat(driver.findElement(By.id("period")).getText()).contains("2025-12-12", "2026-01-10");
                assertThat(driver.findElements(By.cssSelector("#by-hook tr"))).hasSize(4); // the header and three hooks
                WebElement hem = driver.findElements(By.cssSelector("#by-rule tr")).stream().filter(r -> r.getText().contains("HEM-1"))
                        .findFirst().orElseThrow();
                assertThat(hem.findElement(By.cssSelector("a")).getDomAttribute("href")).isEqualTo("/rules/HEM-1");
                assertThat(hem.findElement(By.cssSelector(".title")).getText()).isNotBlank();
                assertThat(hem.findElement(By.cssSelector(".bar.ovr")).getSize().getWidth()).as("the override bar is drawn").isPositive();
                // nothing runs off the page at this width
                long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(overflow).as("horizontal overflow at " + width + " px").isLessThanOrEqualTo(0);
                assertInItsLanguage(driver, lang, "feedback page at " + width + " px");
                Browser.screenshot(driver, "feedback-summary-" + lang + "-" + width);
            }
        }
        // a period chosen on the page
        driver.manage().window().setSize(new Dimension(1400, 1000));
        driver.get("http://localhost:" + port + "/admin/feedback?lang=en");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('from').value = '2025-06-01';"
                + "document.getElementById('to').value = '2025-06-30';");
        driver.findElement(By.cssSelector("#period-form button")).click();
        waitUpTo20s().until(d -> d.getCurrentUrl().contains("from=2025-06-01"));
        assertThat(driver.findElement(By.id("period")).getText()).contains("2025-06-01 to 2025-06-30 (30 days");
        assertThat(driver.getPageSource()).contains("No cards issued in this period.");
        assertThat(consoleErrors()).isEmpty();
    }
}
