package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.scenarios.SiteDaysHttpTest.order;
import static org.inocds.scenarios.SiteDaysHttpTest.signBothWays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.inocds.support.Cards;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The site's zone is a setting, and it decides the day: the same patient and draft at a site in New York
 * ({@code inocds.site.time-zone=America/New_York}), where the tests' now (2026-01-10T00:30Z) is still 2026-01-09.
 */
@TestPropertySource(properties = "inocds.site.time-zone=America/New_York")
class SiteDaysNewYorkHttpTest extends ScenarioHttpTest {

    /** 2026-01-09T23:30:00Z is 18:30 on 2026-01-09 in New York (day 1, 08:00+09:00 on 01-03, was 18:00 on 01-02 there). */
    @Test
    void theDraftsDayIsTheNewYorkDay() throws Exception {
        loaded("sd1-day8-draft-sent-in-utc");
        JsonNode answer = signBothWays(cds, order("sd1-day8-draft-sent-in-utc", "1.10", "2026-01-09T23:30:00Z"));
        JsonNode finding = Cards.card(answer, "DOSE-2").at("/extension/inocds.finding");
        assertThat(finding.get("plannedDate").asText()).isEqualTo("2026-01-09");
        assertThat(finding.get("cycle").asInt()).isEqualTo(1);
        assertThat(finding.get("day").asInt()).isEqualTo(8);
    }

    /** A draft that names no date is planned for today: today in New York, 2026-01-09 (in Tokyo it is 2026-01-10). */
    @Test
    void todayIsTheSitesToday() throws Exception {
        loaded("sd1-day8-draft-sent-in-utc");
        ObjectNode request = order("sd1-day8-draft-sent-in-utc", "1.10", "2026-01-10");
        ObjectNode draft = (ObjectNode) request.at("/context/draftOrders/entry/0/resource");
        draft.remove("authoredOn");
        ((ObjectNode) draft.at("/dosageInstruction/0")).remove("timing");
        JsonNode finding = Cards.card(signBothWays(cds, request), "DOSE-2").at("/extension/inocds.finding");
        assertThat(finding.get("plannedDate").asText()).isEqualTo("2026-01-09");
    }
}
