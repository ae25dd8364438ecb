package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clinical review finding 1 (docs/rule-catalogue.md STATUS-1): patient-view shows a next-dose figure only when no hold, stop or limit
 * stands in its way; otherwise the hold or stop is a card of its own and the status card says so.
 */
class PatientViewNeverContradictsAHoldTest extends ServiceHttpTest {

    private static final Set<String> IN_THE_WAY = Set.of("hold-hematologic", "hold-hepatic", "hold-toxicity", "discontinue",
            "cycle-limit", "dose-modification");

    static Stream<String> demoPatients() throws IOException {
        try (var files = Files.list(Path.of("fhir-resources/demo"))) {
            return files.map(f -> f.getFileName().toString().replace(".json", "")).sorted().toList().stream();
        }
    }

    private List<JsonNode> cards(String patient, String language) {
        var answer = cds.call("inotuzumab-patient-view", HookRequests.withFhirServer(HookRequests.patientView(patient), cds.fhirBase()), language);
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        answer.json().get("cards").forEach(out::add);
        return out;
    }

    private static boolean standsInTheWay(JsonNode card) {
        var rules = card.at("/extension/inocds.finding/rules").toString();
        return !card.get("indicator").asText().equals("info")
                && (IN_THE_WAY.contains(card.at("/source/topic/code").asText()) || rules.contains("VOD-4"));
    }

    private static List<JsonNode> status(List<JsonNode> cards) {
        return cards.stream().filter(c -> c.at("/extension/inocds.finding/rules/0").asText().equals("STATUS-1")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoPatients")
    void noDemoPatientGetsANextDoseBesideAHoldStopOrLimit(String patient) {
        for (String language : List.of("en", "ja")) {
            var cards = cards(patient, language);
            if (cards.stream().anyMatch(PatientViewNeverContradictsAHoldTest::standsInTheWay)) {
                assertThat(status(cards)).allSatisfy(s -> {
                    assertThat(s.at("/extension/inocds.finding").has("expectedDoseMg")).as(patient + " status without expected mg").isFalse();
                    assertThat(s.get("summary").asText()).as("no dose figure (a lab value in mg/dL is the blocking card's)").doesNotContainPattern("\\d mg(?!/)");
                    // the statement before the tables (which list past doses in mg) names no dose
                    String statement = s.get("detail").asText().split("\n\n")[0];
                    assertThat(statement).doesNotContain(" mg");
                });
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} stands in the way of the next dose")
    @CsvSource({
            "s33-hem1-anc-900, HEM-1, hold-hematologic",
            "s40-vod-active, HEP-1, discontinue",
            "s19-hsct-cycle4, CYC-1, cycle-limit"})
    void theHoldStopOrLimitIsItsOwnCardAndTheStatusSaysSo(String patient, String rule, String topic) {
        var cards = cards(patient, "en");
        assertThat(cards).as(patient).anySatisfy(c -> {
            assertThat(c.at("/extension/inocds.finding/rules").toString()).contains(rule);
            assertThat(c.at("/source/topic/code").asText()).isEqualTo(topic);
            assertThat(c.get("indicator").asText()).isIn("warning", "critical");
            assertThat(c.has("suggestions")).as("no order to change on patient-view").isFalse();
        });
        assertThat(status(cards)).singleElement().satisfies(s -> {
            assertThat(s.get("summary").asText()).contains("NOT now").doesNotContainPattern("\\d mg(?!/)");
            assertThat(s.get("detail").asText()).contains("must not be given now").contains(rule);
            assertThat(s.get("detail").asText()).doesNotContain("Up to 0 more cycles");
        });
    }
}
