package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import org.inocds.rules.RuleId;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.logging.LogType;

/**
 * The rule pages as a committee reads them, in Chromium: {@code /rules} and a rule page (HEM-1: thresholds, codes, an
 * example card) at desktop (1400 px) and tablet (768 px) widths, in Japanese and English, with nothing wider than the window
 * (no horizontal scrolling, no element past the right edge) and no console error. Screenshots in {@code target/screenshots}.
 */
class RulePagesBrowserTest extends ServiceHttpTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1200);

    /** The page's width beyond the window, and the elements whose right edge lies past it. */
    private static final String OVERFLOW = """
            const w = document.documentElement.clientWidth;
            const past = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
                .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40));
            return [document.documentElement.scrollWidth - w, past.slice(0, 5).join(' | ')];""";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"rules, en", "rules, ja", "rules/HEM-1, en", "rules/HEM-1, ja"})
    void theRulePagesFitTheWindowAtDesktopAndTabletWidths(String path, String lang) throws Exception {
        var driver = BROWSER.driver();
        for (int width : List.of(1400, 768)) {
            driver.manage().window().setSize(new Dimension(width, 2400));
            driver.get("http://localhost:" + port + "/" + path + "?lang=" + lang);
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
            if (path.equals("rules")) {
                assertThat(driver.findElements(By.cssSelector("tr.rule"))).hasSize(RuleId.values().length);
                assertThat(driver.findElement(By.id("HEM-1")).getText()).contains("1,000 /µL").contains("50,000 /µL");
            } else {
                assertThat(driver.findElements(By.cssSelector("#thresholds tr.threshold")).size()).isGreaterThanOrEqualTo(5);
                assertThat(driver.findElement(By.cssSelector(".card.example .summary")).getText()).isNotBlank();
                assertThat(driver.findElement(By.id("analytes")).getText()).contains("751-8");
            }
            @SuppressWarnings("unchecked")
            List<Object> overflow = (List<Object>) driver.executeScript(OVERFLOW);
            assertThat(((Number) overflow.get(0)).intValue()).as("horizontal overflow at " + width + " px: " + overflow.get(1)).isLessThanOrEqualTo(0);
            assertThat((String) overflow.get(1)).as("elements past the right edge at " + width + " px").isEmpty();
            Browser.screenshot(driver, path.replace('/', '-') + "-" + lang + "-" + width);
        }
        var errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
        assertThat(errors).isEmpty();
    }
}
