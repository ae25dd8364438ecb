package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.cards.RulePagesHttpTest.row;
import static org.inocds.cards.RulePagesHttpTest.text;

import java.util.Map;
import org.inocds.rules.RuleId;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A site that sets its own tolerance, windows, limits and switches sees them on the rule pages: the values come from the
 * settings in force, the very ones the rules read, never from a copy.
 */
@TestPropertySource(properties = {"inocds.dosing.dose-tolerance-percent=7.5", "inocds.dosing.weight-window-days=21",
        "inocds.monitoring.baseline-window-days=10", "inocds.upper-limits.bilirubin-mg-per-dl=1.2", "inocds.monitoring.qtc-limit-ms=480",
        "inocds.rules.start-checklist=false", "inocds.upper-limits.alt-female-u-per-l=25"})
class RulePagesWithSiteSettingsTest extends ServiceHttpTest {

    /** The page's table of thresholds in force, as text (its description keeps the default figures it was written with). */
    private static String thresholds(String html) {
        int start = html.indexOf("id=\"thresholds\"");
        assertThat(start).as("a table of thresholds").isPositive();
        return text(html.substring(start, html.indexOf("</table>", start)));
    }

    @Test
    void theRulePagesShowTheSiteSettingsInForce() {
        String dose2 = thresholds(cds.get("/rules/" + RuleId.DOSE_2.code() + "?lang=en", Map.of("Accept", "text/html")).body());
        assertThat(dose2).contains("± 7.5 %").doesNotContain("± 5 %");
        String dose1 = thresholds(cds.get("/rules/" + RuleId.DOSE_1.code() + "?lang=ja", Map.of("Accept", "text/html")).body());
        assertThat(dose1).contains("21 日").doesNotContain("30 日");
        String hem1 = thresholds(cds.get("/rules/" + RuleId.HEM_1.code() + "?lang=en", Map.of("Accept", "text/html")).body());
        assertThat(hem1).contains("10 days").doesNotContain("14 days").contains("1,000 /µL");
        String hep2 = thresholds(cds.get("/rules/" + RuleId.HEP_2.code() + "?lang=en", Map.of("Accept", "text/html")).body());
        assertThat(hep2).contains("1.2 mg/dL").doesNotContain("1.5 mg/dL").contains("25 U/L").contains("42 U/L");

        String index = cds.get("/rules?lang=en", Map.of("Accept", "text/html")).body();
        assertThat(row(index, RuleId.DOSE_2)).contains("± 7.5 %");
        assertThat(row(index, RuleId.MON_3)).contains("480 ms").doesNotContain("500 ms");
        assertThat(row(index, RuleId.START_1)).contains("Start-of-treatment checklist: off");
        assertThat(row(index, RuleId.VOD_4)).contains("1.2 mg/dL");
    }
}
