package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inocds.protocol.CdsJson;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.CdsSchemas;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Feedback over HTTP, on whichever database the subclass names: validated, idempotent, summarised per rule. */
abstract class FeedbackContract extends ServiceHttpTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final String PATH = "/cds-services/inotuzumab-order-sign/feedback";

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

    /** A DOSE-2 card issued for a wrong dose: its uuid and its suggestion's uuid. */
    private String[] issueDoseCard() {
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
        JsonNode card = Cards.card(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase())).json(), "DOSE-2");
        return new String[] {card.get("uuid").asText(), card.at("/suggestions/0/uuid").asText()};
    }

    private CdsHttp.Answer post(String body) {
        CdsSchemas.FEEDBACK.validate(CdsHttp.parse(body)); // what we send is what the spec allows (checked elsewhere)
        return cds.post(PATH, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    private long rows(String card) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ?", Long.class, card);
    }

    @Test
    void acceptedFeedbackIsStoredOnceHoweverOftenItIsPosted() {
        String[] ids = issueDoseCard();
        String body = """
                {"feedback":[{"card":"%s","outcome":"accepted","acceptedSuggestions":[{"id":"%s"}],"outcomeTimestamp":"2026-01-10T00:31:31Z"}]}"""
                .formatted(ids[0], ids[1]);
        assertThat(post(body).status()).isEqualTo(200);
        assertThat(post(body).status()).isEqualTo(200);
        assertThat(rows(ids[0])).isEqualTo(1);
        JsonNode dose = rule(summary(), "DOSE-2");
        assertThat(dose.get("accepted").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(dose.get("issued").asLong()).isGreaterThanOrEqualTo(dose.get("accepted").asLong());
    }

    @Test
    void overriddenWithAReasonIsCountedPerReasonAndTheCommentIsNotKept() {
        String[] ids = issueDoseCard();
        String body = """
                {"feedback":[{"card":"%s","outcome":"overridden","overrideReason":{"reason":{"system":"http://inocds.org/fhir/CodeSystem/override-reason",
                 "code":"ehr-data-outdated"},"userComment":"Weight today 79.5 kg, Mr Miller"},"outcomeTimestamp":"2026-01-10T00:32:00.5Z"}]}"""
                .formatted(ids[0]);
        assertThat(post(body).status()).isEqualTo(200);
        var row = jdbc.queryForMap("SELECT * FROM card_feedback WHERE card_uuid = ?", ids[0]);
        assertThat(row.get("had_comment")).isEqualTo(true);
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("Miller"));
        JsonNode reasons = rule(summary(), "DOSE-2").get("overrideReasons");
        assertThat(reasons.get("http://inocds.org/fhir/CodeSystem/override-reason|ehr-data-outdated").asLong()).isGreaterThanOrEqualTo(1);
    }

    private static final String EPIC_SYSTEM = "http://inocds.org/fhir/CodeSystem/epic-acknowledgement-reason";

    private CdsHttp.Answer postAsIs(String body) { // Epic's spelling is not the spec's: not checked against its schema
        return cds.post(PATH, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    private String epicFixture(String card) throws java.io.IOException {
        try (var in = getClass().getResourceAsStream("/epic/feedback-override-reasons.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("%CARD%", card);
        }
    }

    /** Issue 26 deliverable 4: Epic posts overrideReasons (plural, an object), the reason a category in its extension block. */
    @Test
    void epicsOverrideReasonsWithItsExtensionBlockIsRecordedUnderOurEpicSystem() throws Exception {
        String[] ids = issueDoseCard();
        assertThat(postAsIs(epicFixture(ids[0])).status()).isEqualTo(200);
        var row = jdbc.queryForMap("SELECT * FROM card_feedback WHERE card_uuid = ?", ids[0]);
        assertThat(row.get("had_comment")).isEqualTo(true);
        assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains("Tanaka") || String.valueOf(v).contains("counselled"));
        JsonNode reasons = rule(summary(), "DOSE-2").get("overrideReasons");
        assertThat(reasons.path(EPIC_SYSTEM + "|45").asLong()).isGreaterThanOrEqualTo(1);
    }

    /** Epic may also send a Coding (a reason the health system mapped to ours); both spellings given: the spec's counts. */
    @Test
    void aCodingInOverrideReasonsIsRecordedAndTheSpecsSpellingWinsWhenBothAreGiven() {
        String[] coded = issueDoseCard();
        String epicCoded = """
                {"feedback":[{"card":"%s","outcome":"overridden","overrideReasons":{"reason":{"system":"http://inocds.org/fhir/CodeSystem/override-reason",
                 "code":"ehr-data-outdated"},"extension":{"com.epic.cdshooks.feedback.overrideReason.reasonCategory":"45"}},
                 "outcomeTimestamp":"2026-01-10T00:32:00Z"}]}""".formatted(coded[0]);
        assertThat(postAsIs(epicCoded).status()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT * FROM card_feedback WHERE card_uuid = ?", coded[0]).values())
                .contains("ehr-data-outdated").doesNotContain("45");
        String[] both = issueDoseCard();
        String bothGiven = """
                {"feedback":[{"card":"%s","outcome":"overridden",
                 "overrideReason":{"reason":{"system":"http://x.example.org","code":"spec-reason"},"futureKey":true},
                 "overrideReasons":{"extension":{"com.epic.cdshooks.feedback.overrideReason.reasonCategory":"45"}},
                 "outcomeTimestamp":"2026-01-10T00:32:00Z"}]}""".formatted(both[0]);
        assertThat(postAsIs(bothGiven).status()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT * FROM card_feedback WHERE card_uuid = ?", both[0]).values())
                .contains("http://x.example.org", "spec-reason").doesNotContain("45", EPIC_SYSTEM);
    }

    /** The spec's checks hold for Epic's spelling too: objects, strings, the column lengths; refused whole with 400. */
    @Test
    void epicsSpellingIsCheckedLikeTheSpecs() {
        String[] ids = issueDoseCard();
        String[] bad = {
            "\"overrideReasons\":[]",
            "\"overrideReasons\":{\"userComment\":7}",
            "\"overrideReasons\":{\"reason\":{\"system\":\"http://x.example.org\"}}",
            "\"overrideReasons\":{\"extension\":{\"com.epic.cdshooks.feedback.overrideReason.reasonCategory\":\"%s\"}}".formatted("4".repeat(201)),
            "\"overrideReasons\":{\"extension\":{\"com.epic.cdshooks.feedback.overrideReason.reasonCategory\":{}}}",
            "\"overrideReasons\":{\"extension\":{\"com.epic.cdshooks.feedback.overrideReason.reasonCategory\":\" \"}}"
        };
        for (String reason : bad) {
            String body = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",%s,\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}"
                    .formatted(ids[0], reason);
            var answer = postAsIs(body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        }
        assertThat(rows(ids[0])).isZero();
        String atTheLimit = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"overrideReasons\":{\"extension\":"
                + "{\"com.epic.cdshooks.feedback.overrideReason.reasonCategory\":\"%s\"}},\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}";
        assertThat(postAsIs(atTheLimit.formatted(ids[0], "4".repeat(200))).status()).isEqualTo(200);
    }

    @Test
    void invalidFeedbackIsRefusedWholeWith400() {
        String[] ids = issueDoseCard();
        String[] bad = {
            "{\"feedback\":[]}",
            "{\"feedback\":{}}",
            "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"ignored\",\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}".formatted(ids[0]),
            "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}".formatted(ids[0]),
            "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\"}]}".formatted(ids[0]),
            "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"yesterday\"}]}".formatted(ids[0]),
            "{\"feedback\":[{\"card\":\"00000000-0000-0000-0000-000000000000\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}",
            "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"},{\"card\":7}]}".formatted(ids[0])
        };
        for (String body : bad) {
            var answer = cds.post(PATH, body.getBytes(StandardCharsets.UTF_8), JSON);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        }
        assertThat(rows(ids[0])).isZero();
        assertThat(cds.post("/cds-services/nope/feedback", bad[2].getBytes(StandardCharsets.UTF_8), JSON).status()).isEqualTo(404);
        assertThat(cds.post(PATH, bad[2].getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain")).status()).isEqualTo(415);
        // a card issued by order-sign is not feedback for order-select
        var other = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}".formatted(ids[0]);
        assertThat(cds.post("/cds-services/inotuzumab-order-select/feedback", other.getBytes(StandardCharsets.UTF_8), JSON).status())
                .isEqualTo(400);
    }

    @Test
    void anAcceptedSuggestionTheCardNeverOfferedIsRefused() {
        String[] ids = issueDoseCard();
        String body = """
                {"feedback":[{"card":"%s","outcome":"accepted","acceptedSuggestions":[{"id":"never-offered"}],"outcomeTimestamp":"2026-01-10T00:31:31Z"}]}"""
                .formatted(ids[0]);
        var answer = post(body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("did not offer");
        assertThat(rows(ids[0])).isZero();
    }

    /** Security review finding 10: a card both overridden and accepted counts once, by the later outcome. */
    @org.junit.jupiter.params.ParameterizedTest(name = "posted in order {0}: the later outcome wins")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void theLaterOutcomeOnACardWins(boolean overrideFirst) {
        String[] ids = issueDoseCard();
        JsonNode before = rule(summary(), "DOSE-2");
        String override = """
                {"feedback":[{"card":"%s","outcome":"overridden","outcomeTimestamp":"2026-01-10T00:31:00Z"}]}""".formatted(ids[0]);
        String accept = """
                {"feedback":[{"card":"%s","outcome":"accepted","acceptedSuggestions":[{"id":"%s"}],"outcomeTimestamp":"2026-01-10T00:33:00Z"}]}"""
                .formatted(ids[0], ids[1]);
        for (String body : overrideFirst ? List.of(override, accept) : List.of(accept, override)) {
            assertThat(post(body).status()).isEqualTo(200);
        }
        JsonNode after = rule(summary(), "DOSE-2");
        assertThat(after.get("issued").asLong() - before.get("issued").asLong()).isZero();
        assertThat(after.get("accepted").asLong() - before.get("accepted").asLong()).isEqualTo(1);
        assertThat(after.get("overridden").asLong() - before.get("overridden").asLong()).isZero();
        assertThat(rows(ids[0])).as("both entries are kept as history").isEqualTo(2);
    }

    private static String overridden(String card, String at) {
        return """
                {"feedback":[{"card":"%s","outcome":"overridden","outcomeTimestamp":"%s"}]}""".formatted(card, at);
    }

    /** Issue 22 defect 8: an outcomeTimestamp from the future (or from before the card) would pin which outcome counts. */
    @Test
    void outcomeTimestampsMustLieBetweenTheCardsIssueAndNowWithinTheSkew() {
        String[] ids = issueDoseCard(); // issued at 00:30:00Z, the tests' clock; skew 5 min
        for (String at : List.of("9999-12-31T23:59:59Z", "2026-01-10T00:35:01Z", "2026-01-10T00:24:59Z", "2025-01-10T00:30:00Z")) {
            assertThat(post(overridden(ids[0], at)).status()).as(at).isEqualTo(400);
        }
        assertThat(rows(ids[0])).isZero();
        assertThat(post(overridden(ids[0], "2026-01-10T00:35:00Z")).status()).isEqualTo(200);
        assertThat(post(overridden(ids[0], "2026-01-10T00:25:00Z")).status()).isEqualTo(200);
    }

    /** Issue 22 defect 8: the same outcome given again updates its row; it is never appended. */
    @Test
    void oneRowPerCardAndOutcomeUpdatedNotAppended() {
        String[] ids = issueDoseCard();
        for (int minute = 31; minute <= 34; minute++) {
            assertThat(post(overridden(ids[0], "2026-01-10T00:%d:00Z".formatted(minute))).status()).isEqualTo(200);
        }
        assertThat(post(overridden(ids[0], "2026-01-10T00:32:30Z")).status()).as("an older one changes nothing").isEqualTo(200);
        assertThat(rows(ids[0])).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT outcome_at FROM card_feedback WHERE card_uuid = ?", java.sql.Timestamp.class, ids[0])
                .toInstant()).isEqualTo(java.time.Instant.parse("2026-01-10T00:34:00Z"));
    }

    /** Issue 22 defect 8: feedback only from the client the card was issued to (answered as an unknown card). */
    @Test
    void feedbackOnACardIssuedToAnotherClientIsRefused() {
        String[] ids = issueDoseCard();
        issuedCards.flush(); // the card's row is written by the log's writer after the answer: on disk before it is changed
        assertThat(jdbc.update("UPDATE issued_card SET issued_to = ? WHERE card_uuid = ?", "https://other-ehr.example.org someone", ids[0]))
                .isEqualTo(1);
        var answer = post(overridden(ids[0], "2026-01-10T00:31:00Z"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("did not issue to this client");
        assertThat(rows(ids[0])).isZero();
    }

    /** Issue 22 defect 11: a value longer than its column is refused whole with 400 before anything is stored (it was a 500). */
    @Test
    void overlongValuesAreRefusedBeforeAnythingIsStored() {
        String[] first = issueDoseCard();
        String[] second = issueDoseCard();
        for (int length : List.of(201, 300)) {
            String body = """
                    {"feedback":[{"card":"%s","outcome":"overridden","outcomeTimestamp":"2026-01-10T00:31:00Z"},
                     {"card":"%s","outcome":"overridden","overrideReason":{"reason":{"system":"http://x.example.org","code":"%s"}},
                      "outcomeTimestamp":"2026-01-10T00:31:00Z"}]}""".formatted(first[0], second[0], "c".repeat(length));
            var answer = post(body);
            assertThat(answer.status()).as(length + " characters").isEqualTo(400);
            assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        }
        assertThat(rows(first[0]) + rows(second[0])).isZero();
        String atTheLimit = """
                {"feedback":[{"card":"%s","outcome":"overridden","overrideReason":{"reason":{"system":"http://x.example.org","code":"%s"}},
                 "outcomeTimestamp":"2026-01-10T00:31:00Z"}]}""".formatted(second[0], "c".repeat(200));
        assertThat(post(atTheLimit).status()).isEqualTo(200);
    }

    @Test
    void theSummaryPageShowsRatesAsBarsAndTheReasons() {
        String[] ids = issueDoseCard();
        String body = """
                {"feedback":[{"card":"%s","outcome":"overridden","overrideReason":{"reason":{"system":"http://inocds.org/fhir/CodeSystem/override-reason",
                 "code":"ehr-data-outdated"}},"outcomeTimestamp":"2026-01-10T00:32:00Z"}]}""".formatted(ids[0]);
        assertThat(post(body).status()).isEqualTo(200);
        var page = cds.get("/admin/feedback?lang=en", Map.of());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Feedback by rule", "class=\"bar ovr\"",
                "<a href=\"/rules/DOSE-2\"><span class=\"title\">Ordered dose against the expected dose</span> <code class=\"rule-id\">DOSE-2</code></a>",
                "EHR data outdated; current values checked × ").doesNotContain("<script");
        assertThat(cds.get("/admin/feedback?lang=ja", Map.of()).body()).contains("フィードバック集計", "電子カルテのデータが古い（最新値は確認済み） × ");
        // the summary's own address answers a browser with the page and a JSON client with the figures
        var forPeople = cds.get("/admin/feedback-summary?lang=en", Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        assertThat(forPeople.header("Content-Type")).startsWith("text/html");
        assertThat(forPeople.body()).isEqualTo(page.body());
        assertThat(cds.get("/admin/feedback-summary", Map.of("Accept", "*/*")).header("Content-Type")).startsWith("application/json");
    }

    /**
     * A card issued again under an id already recorded keeps its first row, and the other cards of the same batch are
     * recorded (the repeat used to fail the whole batch on the primary key): on this database as on the other.
     */
    @Test
    void aCardIssuedAgainUnderItsIdIsRecordedOnceAndTheRestOfItsBatchIsKept() throws Exception {
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10")), cds.fhirBase())).json();
        var card = mapper.treeToValue(Cards.card(answer, "DOSE-2"), CdsJson.Card.class);
        var fresh = new CdsJson.Card(UUID.randomUUID().toString(), card.summary(), card.detail(), card.indicator(), card.source(), null,
                null, null, null, card.extension());
        issuedCards.record("inotuzumab-order-sign", "again", "demo-us-c1d1", "anonymous", List.of(card, fresh, card));
        issuedCards.record("inotuzumab-order-sign", "again", "demo-us-c1d1", "anonymous", List.of(card));
        issuedCards.flush();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM issued_card WHERE card_uuid = ?", Long.class, card.uuid())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM issued_card WHERE card_uuid = ?", Long.class, fresh.uuid())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT hook_instance FROM issued_card WHERE card_uuid = ?", String.class, card.uuid()))
                .as("the first issue stands").isNotEqualTo("again");
    }

    private JsonNode summary() {
        var answer = cds.get("/admin/feedback-summary", Map.of());
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode rule(JsonNode summary, String rule) {
        for (JsonNode row : summary.get("rules")) {
            if (row.get("rule").asText().equals(rule)) {
                return row;
            }
        }
        throw new AssertionError("no " + rule + " in " + summary);
    }
}
