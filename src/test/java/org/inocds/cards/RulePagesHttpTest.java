package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inocds.rules.RuleBook;
import org.inocds.rules.RuleId;
import org.inocds.rules.RuleReview;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Threshold;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /rules} and {@code /rules/{id}} over HTTP with the default settings: every rule of the catalogue listed with its
 * title, label sections, indicators and every threshold its family declares, in both languages; each rule page with its
 * thresholds in force, the data it reads with the codes, related rules, an example card or the reason there is none, the
 * label edition and the date last reviewed. {@link RulePagesWithSiteSettingsTest} changes settings and sees the pages follow.
 */
class RulePagesHttpTest extends ServiceHttpTest {

    private static final CardMessages MESSAGES = new CardMessages();

    @Autowired
    RuleBook book;

    @Autowired
    RuleSettings settings;

    @Autowired
    RuleView views;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "ja"})
    void theIndexListsEveryRuleWithItsThresholdsInForce(String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        var answer = cds.get("/rules?lang=" + lang, Map.of("Accept", "text/html"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        String html = answer.body();
        assertThat(html).contains("<html lang=\"" + lang + "\"");
        List<String> rows = rows(html);
        assertThat(rows).as("one row per rule of the catalogue").hasSize(RuleId.values().length).hasSize(54);
        for (RuleId rule : RuleId.values()) {
            String row = row(html, rule);
            assertThat(row).as(rule + " row").contains(MESSAGES.text(locale, rule.pageKey("title")))
                    .contains(MESSAGES.section(locale, rule));
            assertThat(html).contains("href=\"/rules/" + rule.code() + "?lang=" + lang + "\"");
            for (var indicator : rule.indicators()) {
                assertThat(row).contains(MESSAGES.text(locale, "rule-page.indicator." + indicator.code()));
            }
            List<Threshold> declared = views.thresholds(rule);
            for (Threshold t : declared) {
                assertThat(row).as(rule + " " + t.name()).contains(MESSAGES.text(locale, "rule-page.threshold." + t.name()));
            }
            if (declared.isEmpty()) {
                assertThat(row).contains(MESSAGES.text(locale, "rule-page.thresholds.none"));
            }
        }
        // the values in force, as the label and the default settings give them
        if (lang.equals("en")) {
            assertThat(row(html, RuleId.HEM_1)).contains("1,000 /µL").contains("50,000 /µL").contains("14 days").contains("7 days");
            assertThat(row(html, RuleId.HEP_2)).contains("1.5 × ULN").contains("2.5 × ULN").contains("1.5 mg/dL").contains("42 U/L")
                    .contains("23 U/L");
            assertThat(row(html, RuleId.DOSE_1)).contains("30 days").contains("365 days").contains(lang.equals("ja") ? "Mosteller" : "BSA formula: Mosteller");
            assertThat(row(html, RuleId.DOSE_2)).contains("± 5 %").contains("0.8 mg/m²").contains("0.5 mg/m²");
            assertThat(row(html, RuleId.SCHED_1)).contains("6 days");
            assertThat(row(html, RuleId.MOD_4)).contains("28 days");
            assertThat(row(html, RuleId.ELIG_4)).contains("10,000 /µL");
            assertThat(row(html, RuleId.MON_3)).contains("500 ms").contains("60 ms");
        } else {
            assertThat(row(html, RuleId.HEM_1)).contains("1,000 /µL").contains("50,000 /µL").contains("14 日");
            assertThat(row(html, RuleId.HEP_2)).contains("基準値上限の 1.5 倍").contains("基準値上限の 2.5 倍");
            assertThat(row(html, RuleId.DOSE_1)).contains("30 日").contains("365 日");
            assertThat(row(html, RuleId.DOSE_2)).contains("±5%");
        }
    }

    @Test
    void theIndexFollowsAcceptLanguageAsTheOtherPagesDo() {
        assertThat(cds.get("/rules", Map.of("Accept", "text/html", "Accept-Language", "ja")).body())
                .contains("<html lang=\"ja\"").contains(MESSAGES.text(CardMessages.JAPANESE, "rule-page.index.title"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "ja"})
    void everyRulePageShowsItsThresholdsDataRelatedRulesExampleAndReview(String lang) {
        Locale locale = Locale.forLanguageTag(lang);
        List<String> withoutExample = new ArrayList<>();
        for (RuleId rule : RuleId.values()) {
            var answer = cds.get("/rules/" + rule.code() + "?lang=" + lang, Map.of("Accept", "text/html"));
            assertThat(answer.status()).as(rule.code()).isEqualTo(200);
            String html = text(answer.body());
            assertThat(html).as(rule.code()).contains(MESSAGES.text(locale, rule.pageKey("title")))
                    .contains(MESSAGES.text(locale, "rule-page.edition"))
                    .contains(RuleReview.of(rule).date().toString());
            for (Threshold t : views.thresholds(rule)) {
                assertThat(html).as(rule + " " + t.name()).contains(MESSAGES.text(locale, "rule-page.threshold." + t.name()));
                t.setting().ifPresent(s -> assertThat(html).contains(s));
            }
            for (var part : rule.reads().parts()) {
                assertThat(html).contains(part.key());
            }
            for (var analyte : rule.reads().analytes()) {
                assertThat(html).contains(analyte.valueSetUrl());
            }
            if (rule.family().rules().size() > 1) {
                assertThat(answer.body()).as(rule + " links its family").contains("class=\"related\"");
            }
            if (!answer.body().contains("class=\"card example")) {
                withoutExample.add(rule.code());
                assertThat(answer.body()).contains("class=\"no-example\"");
            }
        }
        // a card for every rule a patient record can make fire; the others say why not
        assertThat(withoutExample).as("rules without an example card").containsExactlyInAnyOrderElementsOf(RuleExampleGaps.EXPECTED);
    }

    @Test
    void ruleTwoShowsItsThresholdsAndAnExampleCardTheServiceProduced() {
        String html = text(cds.get("/rules/" + RuleId.HEM_1.code() + "?lang=en", Map.of("Accept", "text/html")).body());
        assertThat(html).contains("1,000 /µL").contains("50,000 /µL").contains("inocds.monitoring.baseline-window-days")
                .contains("http://loinc.org: 26499-4, 751-8, 753-4");
        String dose = text(cds.get("/rules/" + RuleId.DOSE_2.code() + "?lang=ja", Map.of("Accept", "text/html")).body());
        assertThat(dose).contains("±5%").contains("inocds.dosing.dose-tolerance-percent");
    }

    @Test
    void everySettingAPageNamesIsASettingOfTheService() throws IOException {
        String table = Files.readString(Path.of("docs/settings.md"));
        for (var family : book.rules()) {
            for (Threshold t : family.thresholds(settings)) {
                t.setting().ifPresent(s -> assertThat(table.contains("`" + s) || table.contains("`" + s.substring(s.lastIndexOf('.') + 1) + "`"))
                        .as(s + " in docs/settings.md").isTrue());
            }
        }
    }

    @Test
    void anUnknownRuleHasNoPage() {
        assertThat(cds.get("/rules/NOPE-1", Map.of("Accept", "text/html")).status()).isEqualTo(404);
    }

    static List<String> rows(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"rule\" id=\"([^\"]+)\">").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** A rule's row of the index, as text. */
    static String row(String html, RuleId rule) {
        Matcher m = Pattern.compile("<tr class=\"rule\" id=\"" + Pattern.quote(rule.code()) + "\">(.*?)</tr>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as(rule + " has a row").isTrue();
        return text(m.group(1));
    }

    /** The page as text: tags dropped, the engine's escapes undone. */
    static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replaceAll("[ \\t]+", " ");
    }
}
