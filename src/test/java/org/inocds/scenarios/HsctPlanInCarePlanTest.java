package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inocds.sandbox.DemoData;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.FixedClockConfiguration;
import org.inocds.support.HookRequests;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 21 defect 7: the HSCT plan written only in a CarePlan (active or draft; SNOMED 234336002 as an activity's code
 * or as the plan's category) must be read, prefetched and fetched alike: cycle 4 of that patient gets CYC-1. The patient
 * is s19's with its HSCT ServiceRequest turned into a CarePlan.
 */
class HsctPlanInCarePlanTest extends ScenarioHttpTest {

    private static final String SOURCE = "s19-hsct-cycle4";

    @TempDir
    Path dir;

    private JsonNode call(String patient, String status, String where, String mode) throws IOException {
        String text = Files.readString(ScenarioFiles.DIR.resolve(SOURCE + ".bundle.json")).replace(SOURCE, patient);
        ObjectNode bundle = (ObjectNode) CdsHttp.parse(text);
        for (JsonNode entry : bundle.get("entry")) {
            ObjectNode r = (ObjectNode) entry.get("resource");
            if (!r.path("resourceType").asText().equals("ServiceRequest")) {
                continue;
            }
            JsonNode code = r.get("code");
            ObjectNode plan = CdsHttp.object().put("resourceType", "CarePlan").put("id", r.get("id").asText())
                    .put("status", status).put("intent", "plan");
            plan.set("subject", r.get("subject"));
            if (where.equals("activity")) {
                plan.putArray("activity").addObject().putObject("detail").put("status", "scheduled").set("code", code);
            } else {
                plan.putArray("category").add(code);
            }
            ((ObjectNode) entry).set("resource", plan);
            ((ObjectNode) entry).put("fullUrl", "urn:inocds:CarePlan/" + r.get("id").asText());
        }
        Path file = dir.resolve(patient + ".bundle.json");
        Files.writeString(file, bundle.toString());
        DemoData.load(fhir, store, "file:" + file, FixedClockConfiguration.TODAY);
        JsonNode expect = ScenarioFiles.expectation(SOURCE);
        ObjectNode request = ScenarioFiles.request(patient, "order-sign", expect);
        if (mode.equals("prefetch")) {
            HookRequests.withFullPrefetch(request, cds, "inotuzumab-order-sign");
            assertThat(((ArrayNode) request.at("/prefetch/carePlans/entry"))).hasSize(1);
        } else {
            HookRequests.withFhirServer(request, cds.fhirBase());
        }
        var answer = cds.call("inotuzumab-order-sign", request);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @ParameterizedTest(name = "{0} CarePlan, code in its {1}, {2}")
    @CsvSource({
            "active, activity, prefetch",
            "active, activity, fetch",
            "draft, category, prefetch",
            "draft, category, fetch"})
    void cycle4OfAPatientWhoseHsctIsPlannedInACarePlanGetsCyc1(String status, String where, String mode) throws IOException {
        JsonNode answer = call("cp-" + status + "-" + where + "-" + mode, status, where, mode);
        assertThat(Cards.card(answer, "CYC-1").get("indicator").asText()).isEqualTo("warning");
        assertThat(Cards.rules(answer)).doesNotContain("CYC-3");
    }

    @ParameterizedTest(name = "a {0} CarePlan is no plan")
    @CsvSource({"completed", "revoked"})
    void aFinishedCarePlanPlansNothing(String status) throws IOException {
        JsonNode answer = call("cp-" + status, status, "activity", "prefetch");
        assertThat(Cards.rules(answer)).doesNotContain("CYC-1");
    }
}
