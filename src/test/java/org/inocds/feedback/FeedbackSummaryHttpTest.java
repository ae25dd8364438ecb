package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inocds.protocol.CdsJson;
import org.inocds.support.Cards;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 23 item 6, over HTTP: the feedback summary for people — the period it covers ({@code ?from=&to=}, by default the
 * last 30 days in the site's time zone, its edges exact), the split per hook and per rule (its title in the page's
 * language beside its id, linking to its page), a legend, each card counted once by its card id however often it was
 * issued (with the rates over the same cards), override reasons in the page's language or, unknown, escaped as text.
 */
class FeedbackSummaryHttpTest extends ServiceHttpTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final String JA_DOSE_ROUNDED = "施設の慣行に従い投与量を丸めた";
    private static final String HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    IssuedCardLog issuedCards;

    @Autowired
    ObjectMapper mapper;

    @BeforeEach
    void emptyTables() {
        IssuedCardTables.empty(issuedCards, jdbc);
    }

    /** A DOSE-2 card (1.70 mg ordered for 1.60 mg) from this service of this hook. */
    private JsonNode doseCard(String hook) {
        return Cards.card(answer(hook), "DOSE-2");
    }

    private JsonNode answer(String hook) {
        var request = orderHook(hook, "demo-us-c1d1", inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        return cds.call("inotuzumab-" + hook, withFhirServer(request, cds.fhirBase())).json();
    }

    private JsonNode summary(String query) {
        var answer = cds.get("/admin/feedback-summary" + query, Map.of("Accept", "application/json"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode row(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (row.get(field).asText().equals(value)) {
                return row;
            }
        }
        return null;
    }

    private static long issued(JsonNode rows, String field, String value) {
        JsonNode row = row(rows, field, value);
        return row == null ? 0 : row.get("issued").asLong();
    }

    /** A card straight into the log's table, issued at that instant by that service, for the rule. */
    private void issuedAt(String rule, String service, Instant at) {
        jdbc.update("""
                INSERT INTO issued_card (card_uuid, service_id, hook_instance, rule_ids, topic, indicator, patient_hash, issued_at)
                VALUES (?, ?, 'h', ?, 'dose', 'warning', 'x', ?)""", UUID.randomUUID().toString(), service, rule, Timestamp.from(at));
    }

    @Test
    void theCardsAreSplitPerHookAndPerRuleWithTheRulesTitleInThePagesLanguage() {
        JsonNode before = summary("");
        int signed = answer("order-sign").get("cards").size();
        answer("order-sign"); // the EHR calls again for the same order: the same cards, under the same ids, counted once
        int selected = answer("order-select").get("cards").size();
        assertThat(signed).isGreaterThanOrEqualTo(2);
        assertThat(selected).isGreaterThanOrEqualTo(1);
        JsonNode after = summary("");
        assertThat(issued(after.get("hooks"), "hook", "order-sign") - issued(before.get("hooks"), "hook", "order-sign")).isEqualTo(signed);
        assertThat(issued(after.get("hooks"), "hook", "order-select") - issued(before.get("hooks"), "hook", "order-select")).isEqualTo(selected);
        assertThat(row(after.get("hooks"), "hook", "patient-view")).as("every hook served is listed").isNotNull();
        JsonNode dose = row(after.get("rules"), "rule", "DOSE-2");
        // the fields the JSON had stay; the split per hook is added
        assertThat(dose.fieldNames()).toIterable().contains("rule", "issued", "accepted", "overridden", "acceptRate", "overrideRate",
                "overrideReasons", "hooks");
        assertThat(dose.at("/hooks/order-sign/issued").asLong() + dose.at("/hooks/order-select/issued").asLong())
                .isEqualTo(dose.get("issued").asLong());
        assertThat(after.at("/period/from").asText()).isEqualTo("2025-12-12");
        assertThat(after.at("/period/to").asText()).isEqualTo("2026-01-10");
        assertThat(after.at("/period/lastIssued").asText()).isEqualTo("2026-01-10T00:30:00Z");

        String en = cds.get("/admin/feedback?lang=en", Map.of()).body();
        assertThat(en).contains("<a href=\"/rules/DOSE-2\"><span class=\"title\">Ordered dose against the expected dose</span> "
                + "<code class=\"rule-id\">DOSE-2</code></a>", "By hook", "By rule", "<td>order-select (an order chosen)</td>", "<td>patient-view (a chart opened)</td>", "order-sign (an order signed): ",
                "id=\"legend\"", "Legend:", "class=\"swatch acc\"", "class=\"swatch ovr\"", "no feedback",
                "Period: 2025-12-12 to 2026-01-10 (30 days, both included; times in the site time zone, UTC+09:00)",
                "First card issued in the period: ", "2026-01-10 09:30");
        String ja = cds.get("/admin/feedback?lang=ja", Map.of()).body();
        assertThat(ja).contains("<a href=\"/rules/DOSE-2\"><span class=\"title\">オーダー量と予定投与量の比較</span> "
                + "<code class=\"rule-id\">DOSE-2</code></a>", "凡例：", "フックごと", "規則ごと", "期間：2025-12-12 〜 2026-01-10（30 日間", "<td>order-sign（オーダー署名時）</td>")
                .doesNotContain("By hook", "Legend", "Period:");
    }

    @Test
    void theSameCardIdIssuedThreeTimesCountsOnceAndTheRatesUseTheSameCards() throws Exception {
        JsonNode first = doseCard("order-sign");
        JsonNode before = row(summary("").get("rules"), "rule", "DOSE-2");
        // the same card, under the same id, issued again by three more calls (one of them with a new card beside it)
        CdsJson.Card card = mapper.treeToValue(first, CdsJson.Card.class);
        String other = UUID.randomUUID().toString();
        CdsJson.Card another = new CdsJson.Card(other, card.summary(), card.detail(), card.indicator(), card.source(), null, null, null, null,
                card.extension());
        issuedCards.record("inotuzumab-order-sign", "again-1", "demo-us-c1d1", "anonymous", List.of(card));
        issuedCards.record("inotuzumab-order-sign", "again-2", "demo-us-c1d1", "anonymous", List.of(card, another, card));
        issuedCards.record("inotuzumab-order-sign", "again-3", "demo-us-c1d1", "anonymous", List.of(card));
        JsonNode after = row(summary("").get("rules"), "rule", "DOSE-2");
        assertThat(after.get("issued").asLong() - before.get("issued").asLong()).as("the repeated id once, the new card once").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM issued_card WHERE card_uuid IN (?, ?)", Long.class, first.get("uuid").asText(),
                other)).as("the new card beside a repeated one is not lost").isEqualTo(2);

        // overridden once: one card of the cards issued, whatever the number of calls
        String body = """
                {"feedback":[{"card":"%s","outcome":"overridden","overrideReason":{"reason":{"system":"http://inocds.org/fhir/CodeSystem/override-reason",
                 "code":"dose-rounded"}},"outcomeTimestamp":"2026-01-10T00:31:00Z"}]}""".formatted(first.get("uuid").asText());
        assertThat(cds.post("/cds-services/inotuzumab-order-sign/feedback", body.getBytes(StandardCharsets.UTF_8), JSON).status()).isEqualTo(200);
        JsonNode judged = row(summary("").get("rules"), "rule", "DOSE-2");
        assertThat(judged.get("overridden").asLong() - before.get("overridden").asLong()).isEqualTo(1);
        assertThat(judged.get("overrideRate").asDouble()).isEqualTo(
                Math.round(1000.0 * judged.get("overridden").asLong() / judged.get("issued").asLong()) / 1000.0);
        assertThat(judged.get("acceptRate").asDouble()).isEqualTo(
                Math.round(1000.0 * judged.get("accepted").asLong() / judged.get("issued").asLong()) / 1000.0);
        // the coded reason by its display in the page's language, as the card offered it
        assertThat(cds.get("/admin/feedback?lang=en", Map.of()).body()).contains("Dose rounded to the site&#39;s practice");
        assertThat(cds.get("/admin/feedback?lang=ja", Map.of()).body()).contains(JA_DOSE_ROUNDED).doesNotContain("dose-rounded");
    }

    @Test
    void thePeriodIsChosenByDatesInTheSitesTimeZoneWithBothEdgesIncluded() {
        // 2025-06-01 00:00 and 2025-06-30 23:59:59 in Tokyo are in June; a second before and after are not
        issuedAt("HEM-1", "inotuzumab-order-sign", Instant.parse("2025-05-31T14:59:59Z"));
        issuedAt("HEM-1", "inotuzumab-order-sign", Instant.parse("2025-05-31T15:00:00Z"));
        issuedAt("HEM-1", "inotuzumab-patient-view", Instant.parse("2025-06-30T14:59:59Z"));
        issuedAt("HEM-1", "inotuzumab-order-sign", Instant.parse("2025-06-30T15:00:00Z"));
        JsonNode june = summary("?from=2025-06-01&to=2025-06-30");
        assertThat(issued(june.get("rules"), "rule", "HEM-1")).isEqualTo(2);
        assertThat(issued(june.get("hooks"), "hook", "order-sign")).isEqualTo(1);
        assertThat(issued(june.get("hooks"), "hook", "patient-view")).isEqualTo(1);
        assertThat(june.at("/period/firstIssued").asText()).isEqualTo("2025-05-31T15:00:00Z");
        assertThat(june.at("/period/lastIssued").asText()).isEqualTo("2025-06-30T14:59:59Z");
        assertThat(issued(summary("?from=2025-05-31&to=2025-05-31").get("rules"), "rule", "HEM-1")).isEqualTo(1);
        assertThat(issued(summary("?from=2025-07-01&to=2025-07-01").get("rules"), "rule", "HEM-1")).isEqualTo(1);
        assertThat(issued(summary("?from=2025-06-02&to=2025-06-29").get("rules"), "rule", "HEM-1")).isZero();
        // to alone: the 30 days up to it
        assertThat(summary("?to=2025-06-30").at("/period/from").asText()).isEqualTo("2025-06-01");
        // the default, the last 30 days up to today (2026-01-10), holds none of them
        assertThat(row(summary("").get("rules"), "rule", "HEM-1")).isNull();

        String page = cds.get("/admin/feedback?lang=en&from=2025-06-01&to=2025-06-30", Map.of()).body();
        assertThat(page).contains("Period: 2025-06-01 to 2025-06-30 (30 days", "value=\"2025-06-01\"", "value=\"2025-06-30\"",
                "First card issued in the period: 2025-06-01 00:00; last: 2025-06-30 23:59", "No feedback on these cards yet.",
                "href=\"?lang=ja&amp;from=2025-06-01&amp;to=2025-06-30\"");
        assertThat(cds.get("/admin/feedback-summary?lang=en&from=2025-06-01&to=2025-06-30", Map.of("Accept", HTML)).body()).isEqualTo(page);

        assertThat(cds.get("/admin/feedback-summary?from=2025-07-01&to=2025-06-30", Map.of("Accept", "application/json")).status())
                .isEqualTo(400);
        assertThat(cds.get("/admin/feedback-summary?from=June", Map.of("Accept", "application/json")).status()).isEqualTo(400);
        assertThat(cds.get("/admin/feedback?to=2025-13-01", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void anUnknownOverrideReasonIsShownAsEscapedText() {
        String uuid = doseCard("order-sign").get("uuid").asText();
        String code = "<img src=x onerror=alert(1)>&amp;";
        String body = """
                {"feedback":[{"card":"%s","outcome":"overridden","overrideReason":{"reason":{"system":"http://x.example.org","code":"%s"}},
                 "outcomeTimestamp":"2026-01-10T00:31:00Z"}]}""".formatted(uuid, code);
        assertThat(cds.post("/cds-services/inotuzumab-order-sign/feedback", body.getBytes(StandardCharsets.UTF_8), JSON).status()).isEqualTo(200);
        for (String lang : List.of("en", "ja")) {
            String page = cds.get("/admin/feedback?lang=" + lang, Map.of()).body();
            assertThat(page).contains("&lt;img src=x onerror=alert(1)&gt;&amp;amp; × 1").doesNotContain("<img", "<script");
        }
    }
}
