package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The regimen timeline in a real browser (issue "a demo and a timeline"): every pane drawn by uPlot with its axes, no
 * console errors under the page's Content-Security-Policy, in Japanese and English, at desktop (1400 px) and tablet
 * (768 px) widths; the labels laid out so that no two overlap and none lies over a pane, the threshold written once per
 * pane, the results beyond it marked, no empty legend row, the header naming the patient, and the draft order drawn when
 * the link carries it and only then. Screenshots in {@code target/screenshots}: a first cycle, a late cycle 3 at dose
 * level 1, active VOD/SOS, holds and late doses, and the page opened from a card's link with the order being composed.
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

    /** Every pair of label elements whose boxes intersect (touching edges allowed), as text. */
    private static final String OVERLAPS = """
            const r = [...document.querySelectorAll('.tl-label')].map(e => ({t: e.textContent, b: e.getBoundingClientRect()}));
            const out = [];
            for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) {
              const a = r[i].b, b = r[j].b;
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(r[i].t + ' / ' + r[j].t);
            }
            return out;""";

    /** Labels lying over a pane's plot (where the points and lines are). */
    private static final String OVER_PLOTS = """
            const plots = [...document.querySelectorAll('#charts .uplot .u-over')].map(e => e.getBoundingClientRect());
            return [...document.querySelectorAll('.tl-label')].filter(e => { const a = e.getBoundingClientRect();
              return plots.some(b => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom); }).map(e => e.textContent);""";

    /** For each pane: how many times its threshold is written in it, the results beyond it (from the data) and the markers drawn. */
    private static final String PANES = """
            const data = JSON.parse(document.getElementById('timeline-data').textContent);
            return [...document.querySelectorAll('#charts .pane')].map((box, i) => {
              const p = data.panes[i];
              const beyond = p.threshold == null ? 0 : p.points.filter(([, v]) => p.side < 0 ? v < p.threshold : v > p.threshold).length;
              const text = box.innerText;
              return {written: p.thresholdLabel ? text.split(p.thresholdLabel).length - 1 : -1, beyond: beyond,
                markers: box.querySelectorAll('.beyond-marker').length, keys: box.querySelectorAll('.beyond-key').length};
            });""";

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({"demo-jp-c2, ja, 田中 健二（タナカ ケンジ）", "s14-level1-not-followed, en, Sarah Coleman",
            "s14-level1-not-followed, ja, Sarah Coleman", "s40-vod-active, en, Julia Walsh", "s40-vod-active, ja, Julia Walsh",
            "s59-pv-toxicity-hold, en, Rebecca Hayes", "s16-day15-omit, en, Megan Foster", "s19-hsct-cycle4, ja, Rachel Hughes",
            "s55-pv-anc-hold, ja, Lucy Dawson", "s70-bilirubin-umol-exact, ja, 中村 美咲（ナカムラ ミサキ）"})
    void everyPaneIsDrawnWithItsLabelsApartAndNoConsoleError(String patient, String lang, String name) throws Exception {
        for (int width : List.of(1400, 768)) {
            open("/timeline/" + patient + "?lang=" + lang, width);
            checkPage(name, lang);
            assertThat(BROWSER.driver().findElements(By.cssSelector(".tl-label.kind-draft"))).as("no draft without one in the link").isEmpty();
            assertThat(BROWSER.driver().findElements(By.id("draft-order"))).isEmpty();
            if (patient.equals("s40-vod-active")) {
                assertThat(BROWSER.driver().findElement(By.cssSelector("#charts .events")).getText()).startsWith("VOD/SOS 20");
                assertThat(BROWSER.driver().findElements(By.cssSelector(".tl-label.kind-event"))).isNotEmpty();
                assertThat(BROWSER.driver().findElements(By.cssSelector("#charts .beyond-marker"))).as("bilirubin beyond 1.5 × ULN").isNotEmpty();
            }
            if (patient.equals("s14-level1-not-followed")) {
                // held doses (ANC and platelets below their thresholds, marked) given late, each delay labelled
                assertThat(BROWSER.driver().findElements(By.cssSelector(".tl-label.kind-late"))).as("late doses labelled").hasSize(2);
                assertThat(BROWSER.driver().findElements(By.cssSelector("#charts .beyond-marker"))).as("counts below the thresholds").isNotEmpty();
            }
            if (patient.equals("s55-pv-anc-hold")) {
                assertThat(BROWSER.driver().findElements(By.cssSelector("#charts .beyond-marker")))
                        .as("ANC below 1,000 marked").isNotEmpty();
            }
            Browser.screenshot(BROWSER.driver(), "timeline-" + patient + "-" + lang + "-" + width);
        }
    }

    /** Opened from a card's link (the sandbox's absolute link, carrying the planned date and mg), the page draws the draft order. */
    @Test
    void theDraftOrderOfTheCardsLinkIsDrawn() throws Exception {
        var request = orderHook("order-sign", "demo-jp-c2", inotuzumabOrder("draft-1", "demo-jp-c2", new BigDecimal("1.20"), "mg", "2026-01-10"));
        // 1.20 mg where the BSA gives 1.39 mg: a dose card, whose link opens the timeline
        for (String lang : List.of("ja", "en")) {
            var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), lang).json();
            String url = "";
            for (var card : answer.get("cards")) {
                url = url.isEmpty() ? card.at("/links/0/url").asText() : url;
            }
            assertThat(url).contains("planned=2026-01-10", "mg=1.2");
            for (int width : List.of(1400, 768)) {
                BROWSER.driver().manage().window().setSize(new Dimension(width, 1500));
                BROWSER.driver().get(url);
                waitForCharts();
                checkPage("田中 健二（タナカ ケンジ）", lang);
                String draft = lang.equals("ja") ? "作成中の注文：C2D1 1.2 mg（2026-01-10）、レベル 0" : "Draft order (being composed): C2D1 1.2 mg on 2026-01-10, level 0";
                assertThat(BROWSER.driver().findElement(By.id("draft-order")).getText()).isEqualTo(draft);
                var drawn = BROWSER.driver().findElements(By.cssSelector(".tl-label.kind-draft"));
                assertThat(drawn).hasSize(1);
                assertThat(drawn.get(0).getText()).isEqualTo(draft);
                assertThat(drawn.get(0).getCssValue("border-top-style")).isEqualTo("dashed");
                Browser.screenshot(BROWSER.driver(), "timeline-card-link-draft-demo-jp-c2-" + lang + "-" + width);
            }
        }
    }

    private void open(String path, int width) {
        BROWSER.driver().manage().window().setSize(new Dimension(width, 1500));
        BROWSER.driver().get("http://localhost:" + port + path);
        waitForCharts();
    }

    private void waitForCharts() {
        new WebDriverWait(BROWSER.driver(), Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#charts .uplot")).size() == 5);
    }

    @SuppressWarnings("unchecked")
    private void checkPage(String name, String lang) {
        var driver = BROWSER.driver();
        assertThat(driver.findElements(By.cssSelector("#charts .uplot canvas"))).hasSize(5);
        assertThat(driver.findElements(By.cssSelector("#charts .uplot .u-axis")).size()).as("x and y axes on every pane").isGreaterThanOrEqualTo(10);
        // every pane draws its hold threshold as a dashed red line across the plot (a row of the canvas at least 30 % in the
        // threshold's red)
        for (var canvas : driver.findElements(By.cssSelector("#charts .uplot canvas"))) {
            Number covered = (Number) driver.executeScript(THRESHOLD_ROW, canvas);
            assertThat(covered.doubleValue()).as("the threshold line's share of its row").isGreaterThan(0.3);
        }
        var notes = driver.findElements(By.cssSelector("#charts .pane .threshold")).stream().map(e -> e.getText()).toList();
        assertThat(notes).hasSize(5);
        assertThat(notes.get(0)).endsWith("1,000 /µL");
        assertThat(notes.get(1)).endsWith("50,000 /µL");
        // the threshold written once per pane; each result beyond it marked, and the mark explained under its pane
        for (var pane : (List<Map<String, Object>>) driver.executeScript(PANES)) {
            assertThat(((Number) pane.get("written")).intValue()).as("threshold written once " + pane).isEqualTo(1);
            assertThat(((Number) pane.get("markers")).intValue()).as("beyond-threshold markers " + pane).isEqualTo(((Number) pane.get("beyond")).intValue());
            assertThat(((Number) pane.get("keys")).intValue()).as("marker explained " + pane).isEqualTo(((Number) pane.get("beyond")).intValue() > 0 ? 1 : 0);
        }
        assertThat(driver.findElement(By.cssSelector("#charts .legend")).getText()).contains(lang.equals("ja") ? "赤い菱形" : "red diamonds");
        // no legend row under the panes (uPlot's stood empty until hovered)
        assertThat(driver.findElements(By.cssSelector("#charts .u-legend"))).isEmpty();
        // labels: every one measured, no two overlapping, none over a plot
        assertThat(driver.findElements(By.cssSelector(".tl-label"))).as("labels").isNotEmpty();
        assertThat((List<String>) driver.executeScript(OVERLAPS)).as("overlapping labels").isEmpty();
        assertThat((List<String>) driver.executeScript(OVER_PLOTS)).as("labels over the plots").isEmpty();
        // the header: name, age, sex, BSA with its date, where the course stands
        assertThat(driver.findElement(By.tagName("h1")).getText()).endsWith(name);
        String facts = driver.findElement(By.cssSelector("#patient-header .facts")).getText();
        if (lang.equals("ja")) {
            assertThat(facts).containsPattern("\\d+ 歳（\\d{4}-\\d{2}-\\d{2} 生まれ）・(女性|男性)").containsPattern("体表面積 \\d\\.\\d\\d m²（体重 [0-9.]+ kg：\\d{4}-\\d{2}-\\d{2} 測定");
        } else {
            assertThat(facts).containsPattern("\\d+ years old \\(born \\d{4}-\\d{2}-\\d{2}\\), (female|male)")
                    .containsPattern("BSA \\d\\.\\d\\d m² from the weight of [0-9.]+ kg measured \\d{4}-\\d{2}-\\d{2}");
        }
        var errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(e -> e.getMessage()).toList();
        assertThat(errors).as("console errors").isEmpty();
    }
}
