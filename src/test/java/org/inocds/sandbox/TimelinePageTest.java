package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/** The timeline page of a sandbox patient, and the card link to it (docs/design.md "Card contract"). */
class TimelinePageTest extends ServiceHttpTest {

    @Test
    void showsTheReconstructedCyclesAndTheLabTrendsAgainstThresholds() {
        var answer = cds.get("/timeline/demo-jp-c2?lang=en", Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.body())
                // the dosing cards' own table, rendered
                .contains("<td>1</td>\n<td>2025-12-20</td>\n<td>0</td>\n<td>D1 2025-12-20 1.39 mg · D8 2025-12-27 0.87 mg · D15 2026-01-03 0.87 mg</td>")
                .contains("Platelets /µL", "Total bilirubin mg/dL", "\"thresholdLabel\":\"50,000 /µL\"", "\"label\":\"C1D8 0.87 mg L0\"",
                        "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "<script src=\"/timeline.js\"></script>")
                .doesNotContain("<script>");
        assertThat(cds.get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", Map.of()).status()).isEqualTo(200);
        assertThat(cds.get("/timeline.js", Map.of()).body()).contains("new uPlot(");
        // the order being composed, placed where it would fall: C2D1 due 2026-01-10 (C1D1 + 21), planned that day; a week later, 7 days late
        assertThat(cds.get("/timeline/demo-jp-c2?lang=en&planned=2026-01-10", Map.of()).body())
                .contains("\"plannedLabel\":\"Draft order (being composed): C2D1 on 2026-01-10, level 0\"");
        assertThat(cds.get("/timeline/demo-jp-c2?lang=en&planned=2026-01-17&mg=1.39", Map.of()).body())
                .contains("\"plannedLabel\":\"Draft order (being composed): C2D1 1.39 mg on 2026-01-17, 7 d after its due date, level 0\"")
                .contains("<p class=\"draft\" id=\"draft-order\">Draft order (being composed): C2D1 1.39 mg on 2026-01-17");
        assertThat(cds.get("/timeline/demo-jp-c2?lang=ja&planned=2026-01-10&mg=1.39", Map.of()).body())
                .contains("作成中の注文：C2D1 1.39 mg（2026-01-10）、レベル 0");
        // no draft unless the link carries one; an mg that is not a plain number is left out
        assertThat(cds.get("/timeline/demo-jp-c2?lang=en", Map.of()).body()).doesNotContain("plannedLabel").doesNotContain("draft-order");
        assertThat(cds.get("/timeline/demo-jp-c2?lang=en&planned=2026-01-10&mg=1e3", Map.of()).body())
                .contains("\"plannedLabel\":\"Draft order (being composed): C2D1 on 2026-01-10, level 0\"");
        assertThat(cds.get("/timeline/demo-jp-c2?lang=en&planned=not-a-date", Map.of()).status()).isEqualTo(200);
        assertThat(cds.get("/timeline/demo-jp-c2?lang=ja", Map.of()).body()).contains("投与経過", "サイクル");
        assertThat(cds.get("/timeline/no-such-patient", Map.of()).status()).isEqualTo(404);
        assertThat(cds.get("/timeline/demo-us-c1d1", Map.of()).body()).contains("No inotuzumab on record");
        // with no dose on record the order being composed is the first: C1D1
        assertThat(cds.get("/timeline/demo-us-c1d1?lang=en&planned=2026-01-10", Map.of()).body())
                .contains("\"plannedLabel\":\"Draft order (being composed): C1D1 on 2026-01-10, level 0\"");
    }

    /**
     * The charts and the table the dosing cards carry tell one story, for every demo patient: each dose drawn is in the
     * table's row of its cycle on the same date with the same mg and level, each cycle drawn has its row, and the table
     * lists no dose the charts leave out.
     */
    @Test
    void theChartsAndTheCardsTableTellOneStoryForEveryDemoPatient() {
        var patients = CdsHttp.parse(cds.get("/fhir/Patient?_count=200", Map.of("Accept", "application/fhir+json")).body()).get("entry");
        assertThat(patients).hasSizeGreaterThan(20);
        int dosesChecked = 0;
        for (var entry : patients) {
            String id = entry.at("/resource/id").asText();
            String page = cds.get("/timeline/" + id + "?lang=en", Map.of()).body();
            var data = CdsHttp.parse(between(page, "<script type=\"application/json\" id=\"timeline-data\">", "</script>"));
            Map<Integer, String[]> rows = new HashMap<>();
            if (page.contains("<section id=\"regimen-table\">")) {
                Matcher row = ROW.matcher(between(page, "<section id=\"regimen-table\">", "</section>"));
                while (row.find()) {
                    rows.put(Integer.parseInt(row.group(1)), new String[] {row.group(2), row.group(3), row.group(4)});
                }
            }
            assertThat(rows).as(id + ": one row per cycle drawn").hasSize(data.get("cycles").size());
            for (var cycle : data.get("cycles")) {
                Matcher c = Pattern.compile("C(\\d+) level (\\d+)").matcher(cycle.get("label").asText());
                assertThat(c.matches()).as(id + " " + cycle).isTrue();
                String[] r = rows.get(Integer.parseInt(c.group(1)));
                assertThat(r[0]).as(id + ": day 1 of cycle " + c.group(1)).isEqualTo(date(cycle.get("from")).toString());
                assertThat(r[1]).as(id + ": level of cycle " + c.group(1)).isEqualTo(c.group(2));
            }
            int dosesInTable = rows.values().stream().mapToInt(r -> (int) Pattern.compile("D\\d+ \\d{4}-\\d{2}-\\d{2}").matcher(r[2]).results().count()).sum();
            assertThat(dosesInTable).as(id + ": doses in the table = doses drawn").isEqualTo(data.get("doses").size());
            for (var dose : data.get("doses")) {
                Matcher d = Pattern.compile("C(\\d+)D(\\d+)(?: ([0-9.]+) mg)? L(\\d+).*").matcher(dose.get("label").asText());
                assertThat(d.matches()).as(id + " " + dose).isTrue();
                String[] r = rows.get(Integer.parseInt(d.group(1)));
                assertThat(r).as(id + ": row of cycle " + d.group(1)).isNotNull();
                assertThat(r[1]).as(id + " " + dose + ": level").isEqualTo(d.group(4));
                assertThat(r[2]).as(id + " " + dose).containsPattern("D" + d.group(2) + " " + date(dose.get("t"))
                        + "( \\(\\+\\d+ d\\))?" + (d.group(3) == null ? "" : " " + Pattern.quote(d.group(3)) + " mg"));
                dosesChecked++;
            }
        }
        assertThat(dosesChecked).isGreaterThan(40);
    }

    /**
     * Each demo patient's story can be read off every pane: each dose, each late dose's due date and each clinical event
     * drawn has a result of every analyte in the 7 days before it (the demo data's lab series), within the drawn range.
     */
    @Test
    void everyPaneHasResultsAroundEveryEventOfEveryDemoPatient() {
        var patients = CdsHttp.parse(cds.get("/fhir/Patient?_count=200", Map.of("Accept", "application/fhir+json")).body()).get("entry");
        int checked = 0;
        for (var entry : patients) {
            String id = entry.at("/resource/id").asText();
            var data = CdsHttp.parse(between(cds.get("/timeline/" + id + "?lang=en", Map.of()).body(),
                    "<script type=\"application/json\" id=\"timeline-data\">", "</script>"));
            // a dose, and a late dose's due date: the results it was judged on, in the 7 days before; a clinical event
            // (VOD/SOS, HSCT, a reaction): results within 7 days either side of it
            Map<JsonNode, Integer> after = new java.util.LinkedHashMap<>();
            data.get("doses").forEach(d -> after.put(d.get("t"), 0));
            data.get("holds").forEach(h -> after.put(h.get("from"), 0));
            data.get("events").forEach(e -> after.put(e.get("t"), 7));
            for (var event : after.entrySet()) {
                LocalDate day = date(event.getKey());
                for (var pane : data.get("panes")) {
                    boolean near = false;
                    for (var point : pane.get("points")) {
                        LocalDate at = date(point.get(0));
                        near |= !at.isAfter(day.plusDays(event.getValue())) && !at.isBefore(day.minusDays(7))
                                && point.get(0).asLong() >= data.get("from").asLong();
                    }
                    assertThat(near).as("%s: %s has a result from 7 days before %s to %d after", id, pane.get("title").asText(), day,
                            event.getValue()).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(200);
    }

    /** The header says who the patient is and where the course stands: name, age on the site's today, sex, BSA with its dates. */
    @Test
    void theHeaderNamesThePatientWithAgeSexBsaAndPosition() {
        String en = cds.get("/timeline/demo-jp-c2?lang=en", Map.of()).body();
        assertThat(en).contains("<h1>Regimen timeline: 田中 健二（タナカ ケンジ）</h1>", "60 years old (born 1965-02-11), male",
                "BSA 1.", " m² from the weight of ", "Now in cycle ", "demo-jp-c2");
        assertThat(cds.get("/timeline/demo-jp-c2?lang=ja", Map.of()).body()).contains("投与経過：田中 健二（タナカ ケンジ）", "60 歳（1965-02-11 生まれ）・男性",
                "体表面積 1.", "現在 ");
        assertThat(cds.get("/timeline/s40-vod-active?lang=en", Map.of()).body()).contains("Regimen timeline: Julia Walsh", "female");
        assertThat(cds.get("/timeline/demo-us-c1d1?lang=en", Map.of()).body()).contains("Regimen timeline: John Miller",
                "No inotuzumab given yet: the next dose is C1D1");
    }

    @Test
    void clinicalEventsAreMarkedOnTheTimeline() {
        assertThat(cds.get("/timeline/s40-vod-active?lang=en", Map.of()).body()).contains("\"kind\":\"vod\",\"label\":\"VOD/SOS 20");
        assertThat(cds.get("/timeline/s40-vod-active?lang=ja", Map.of()).body()).contains("赤い三角：臨床イベント");
        assertThat(cds.get("/timeline/s60-pv-infusion-severe?lang=en", Map.of()).body()).contains("\"kind\":\"infusion\"");
    }

    private static final Pattern ROW = Pattern.compile("<tr>\n<td>(\\d+)</td>\n<td>([0-9-]+)</td>\n<td>(\\d+)</td>\n<td>([^<]*)</td>");

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from) + from.length();
        return text.substring(start, text.indexOf(to, start));
    }

    private static LocalDate date(JsonNode epochSeconds) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds.asLong()), ZoneOffset.UTC);
    }

    @Test
    void cardsLinkToThePatientsTimelineWhileTheSandboxRuns() {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        var card = Cards.card(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()), "ja").json(), "DOSE-2");
        var link = card.at("/links/0");
        assertThat(link.get("type").asText()).isEqualTo("absolute");
        // the link carries the order being composed, so that the timeline draws it
        assertThat(link.get("url").asText()).isEqualTo(cds.base() + "/timeline/demo-us-c1d1?lang=ja&planned=2026-01-10&mg=1.7");
        assertThat(link.get("label").asText()).isEqualTo("投与経過（タイムライン）");
        assertThat(link.has("appContext")).isFalse();
        var page = cds.get(link.get("url").asText(), Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("作成中の注文：C1D1 1.7 mg（2026-01-10）、レベル 0");
        // a patient-view card has no order being composed: its link carries none
        var chart = cds.call("inotuzumab-patient-view", withFhirServer(HookRequests.patientView("s55-pv-anc-hold"), cds.fhirBase()), "en").json();
        assertThat(chart.at("/cards/0/links/0/url").asText()).isEqualTo(cds.base() + "/timeline/s55-pv-anc-hold?lang=en");
    }

    @Test
    void theDemoEhrPageIsServedAtTheRoot() {
        var answer = cds.get("/", Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("demo EHR", "<script src=\"demo.js\"></script>").doesNotContain("<script>");
        var script = cds.get("/demo.js", Map.of());
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        // the demo page's own timeline link carries the order being composed too (its date, and its mg when dosed in mg)
        assertThat(script.body()).contains("/cds-services/inotuzumab-", "/fhir/Patient", "/timeline/", "'&planned='", "'&mg='");
    }
}
