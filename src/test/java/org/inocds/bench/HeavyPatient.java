package org.inocds.bench;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.inocds.sandbox.SandboxStore;

/**
 * A synthetic heavy patient as FHIR JSON: 6 cycles given (unless untreated) and 9 lab analytes every other day for 170
 * days, {@code draws} draws on each sampling day (1 = the heavy patient; 4 and 8 scale its history). One source for the
 * benchmarks, the linear-cost test and the real-server test.
 */
public final class HeavyPatient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 10);
    private static final String[][] LABS = {{"1975-2", "0.7", "mg/dL"}, {"1920-8", "24", "U/L"}, {"1742-6", "20", "U/L"},
        {"751-8", "2.1", "10*3/uL"}, {"777-3", "160", "10*3/uL"}, {"6690-2", "4.2", "10*3/uL"}, {"770-8", "50", "%"},
        {"3040-3", "30", "U/L"}, {"1798-8", "70", "U/L"}};

    private HeavyPatient() {}

    public static List<ObjectNode> resources(String id, int draws, boolean treated) {
        List<ObjectNode> out = new ArrayList<>();
        out.add(node("{\"resourceType\":\"Patient\",\"id\":\"%s\",\"gender\":\"female\",\"birthDate\":\"1970-03-03\"}".formatted(id)));
        LocalDate day1 = TODAY.minusDays(21 + 28 * 5);
        int n = 0;
        for (int c = 1; treated && c <= 6; c++) {
            for (int d : new int[] {0, 7, 14}) {
                out.add(node("""
                        {"resourceType":"MedicationAdministration","id":"%s-dose-%d","status":"completed",
                         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1942950",
                           "display":"inotuzumab ozogamicin"}]},
                         "subject":{"reference":"Patient/%s"},"effectiveDateTime":"%s",
                         "dosage":{"dose":{"value":%s,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}}"""
                        .formatted(id, n++, id, day1.plusDays(d), c == 1 && d == 0 ? "1.60" : "1.00")));
            }
            day1 = day1.plusDays(c == 1 ? 21 : 28);
        }
        for (LocalDate d = TODAY.minusDays(170); !d.isAfter(TODAY); d = d.plusDays(2)) {
            for (int draw = 0; draw < draws; draw++) {
                for (String[] lab : LABS) {
                    out.add(observation(id, n++, lab, "%sT%02d:00:00+09:00".formatted(d, 8 + draw), "laboratory"));
                }
            }
        }
        out.add(observation(id, n++, new String[] {"8302-2", "165", "cm"}, TODAY.minusDays(60).toString(), "vital-signs"));
        out.add(observation(id, n, new String[] {"29463-7", "60", "kg"}, TODAY.minusDays(1).toString(), "vital-signs"));
        return out;
    }

    /** Puts the patient into the embedded sandbox; returns how many resources it has. */
    static int load(SandboxStore store, FhirContext fhir, String id, int draws, boolean treated) {
        var parser = fhir.newJsonParser();
        List<ObjectNode> all = resources(id, draws, treated);
        all.forEach(r -> store.put((Resource) parser.parseResource(r.toString())));
        return all.size();
    }

    private static ObjectNode observation(String id, int i, String[] lab, String when, String category) {
        return node("""
                {"resourceType":"Observation","id":"%s-obs-%d","status":"final",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"%s"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"%s"}]},"subject":{"reference":"Patient/%s"},
                 "effectiveDateTime":"%s","valueQuantity":{"value":%s,"unit":"%s","system":"http://unitsofmeasure.org","code":"%s"}}"""
                .formatted(id, i, category, lab[0], id, when, lab[1], lab[2], lab[2]));
    }

    private static ObjectNode node(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
