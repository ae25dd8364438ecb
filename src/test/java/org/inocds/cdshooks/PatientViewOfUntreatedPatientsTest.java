package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/**
 * Performance deliverable 4: a hospital calls patient-view for every chart opened, most of patients never given
 * inotuzumab. The dose history alone proves that, and then nothing else is read or fetched. Observable over HTTP: with
 * only the two dose-history keys sent and no FHIR server to fetch the rest, an untreated patient gets {"cards":[]}
 * where any other patient gets a 412.
 */
class PatientViewOfUntreatedPatientsTest extends ServiceHttpTest {

    private static final String EMPTY_SEARCH = "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0,\"entry\":[]}";

    private static ObjectNode doseHistoryOnly(String patient, String administrations, String requests) {
        ObjectNode request = HookRequests.patientView(patient);
        ObjectNode prefetch = request.putObject("prefetch");
        prefetch.set("medicationAdministrations", CdsHttp.parse(administrations));
        prefetch.set("medicationRequests", CdsHttp.parse(requests));
        return request;
    }

    @Test
    void anUntreatedPatientsChartIsAnsweredFromTheDoseHistoryAlone() {
        var answer = cds.call("inotuzumab-patient-view", doseHistoryOnly("demo-us-c1d1", EMPTY_SEARCH, EMPTY_SEARCH));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("cards")).isEmpty();
    }

    @Test
    void aTreatedPatientsChartStillNeedsEverythingElse() {
        String given = """
                {"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"MedicationAdministration","id":"a1",
                 "status":"completed","medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950"}]},
                 "subject":{"reference":"Patient/demo-us-c1d1"},"effectiveDateTime":"2026-01-03",
                 "dosage":{"dose":{"value":1.6,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}}]}""";
        var answer = cds.call("inotuzumab-patient-view", doseHistoryOnly("demo-us-c1d1", given, EMPTY_SEARCH));
        assertThat(answer.status()).as(answer.body()).isEqualTo(412);
    }

    /** A dose history that could not be read proves nothing: the chart says so instead of staying quiet. */
    @Test
    void anUnreadableDoseHistoryIsShownNotTakenForNoTreatment() {
        var request = HookRequests.withFullPrefetch(HookRequests.patientView("demo-us-c1d1"), cds, "inotuzumab-patient-view");
        ((ObjectNode) request.get("prefetch")).set("medicationAdministrations", CdsHttp.parse("""
                {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception"}]}"""));
        var answer = cds.call("inotuzumab-patient-view", request);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var card = Cards.card(answer.json(), "DQ-2");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("detail").asText()).contains("medicationAdministrations");
    }
}
