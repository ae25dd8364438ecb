package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The regimen timeline in a real browser (issue "a demo and a timeline"): every pane drawn by uPlot with its axes, no
 * console errors under the page's Content-Security-Policy, in Japanese and English, at desktop and tablet widths.
 * Screenshots in {@code target/screenshots}: a first cycle, a late cycle 3 at dose level 1, active VOD/SOS.
 */
class TimelineBrowserTest extends ServiceHttpTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1200);

    /** The largest share of one canvas row in the threshold's red (#c00), scanned over the whole canvas. */
    private static final String THRESHOLD_ROW = """
            const c = arguments[0], w = c.width, h = c.height, d = c.getContext('2d').getImageData(0, 0, w, h).data;
            let best = 0;
            for (let y = 0; y < h; y++) {
              let n = 0;
              for (let x = 0; x < w; x++) { const i = (y * w + x) * 4; if (d[i] > 180 && d[i + 1] < 40 && d[i + 2] < 40) n++; }
              best = Math.max(best, n / w);
            }
            return best;""";

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"demo-jp-c2, ja", "s14-level1-not-followed, en", "s14-level1-not-followed, ja", "s40-vod-active, en"})
    void everyPaneIsDrawnWithAxesAndNoConsoleError(String patient, String lang) throws Exception {
        for (Dimension size : List.of(new Dimension(1400, 1500), new Dimension(820, 1400))) {
            BROWSER.driver().manage().window().setSize(size);
            BROWSER.driver().get("http://localhost:" + port + "/timeline/" + patient + "?lang=" + lang + "&planned=2026-01-10");
            new WebDriverWait(BROWSER.driver(), Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 5);
            assertThat(BROWSER.driver().findElements(By.cssSelector("#charts .uplot canvas"))).hasSize(5);
            assertThat(BROWSER.driver().findElements(By.cssSelector("#charts .uplot .u-axis")).size()).as("x and y axes on every pane").isGreaterThanOrEqualTo(10);
            // every pane draws its hold threshold as a dashed red line across the plot (a row of the canvas at least 30 % in
            // the threshold's red), and writes it under the chart
            for (var canvas : BROWSER.driver().findElements(By.cssSelector("#charts .uplot canvas"))) {
                Number covered = (Number) BROWSER.driver().executeScript(THRESHOLD_ROW, canvas);
                assertThat(covered.doubleValue()).as("the threshold line's share of its row").isGreaterThan(0.3);
            }
            var notes = BROWSER.driver().findElements(By.cssSelector("#charts .pane .threshold")).stream().map(e -> e.getText()).toList();
            assertThat(notes).hasSize(5);
            assertThat(notes.get(0)).endsWith("1,000 /µL");
            assertThat(notes.get(1)).endsWith("50,000 /µL");
            if (patient.equals("s40-vod-active")) {
                assertThat(BROWSER.driver().findElement(By.cssSelector("#charts .events")).getText()).startsWith("VOD/SOS 20");
            }
            var errors = BROWSER.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
            assertThat(errors).as("console errors").isEmpty();
            Browser.screenshot(BROWSER.driver(), "timeline-" + patient + "-" + lang + "-" + size.getWidth());
        }
    }
}
