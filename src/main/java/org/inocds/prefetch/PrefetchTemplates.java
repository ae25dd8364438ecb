package org.inocds.prefetch;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.inocds.knowledge.CodeSets;
import org.inocds.record.RecordPart;

/**
 * The prefetch templates every service declares: everything the rule catalogue reads about the patient. They use
 * CDS Hooks 2.0 tokens only ({@code {{context.patientId}}}); no date arithmetic, so windows are applied by
 * the service after reading. Codes are listed where a narrow query is possible (body measurements, from the knowledge
 * folder's ValueSets);
 * laboratory results are read by category because JLAC10 codes are matched by analyte prefix, which a
 * token search cannot express.
 */
public final class PrefetchTemplates {

    public static final String PATIENT = RecordPart.PATIENT.key();

    private static final String P = "{{context.patientId}}";

    /** The ValueSets whose codes the body-measurement query names: the ones the reader matches them against. */
    private static final List<String> BODY_MEASURE_SETS = List.of(CodeSets.BODY_HEIGHT, CodeSets.BODY_WEIGHT,
            CodeSets.BODY_SURFACE_AREA);

    private final Map<String, String> templates = new LinkedHashMap<>();

    /**
     * The templates, the body-measurement codes taken from the knowledge folder's ValueSets (LOINC, JP Core's MEDIS
     * codes, a site's own), so that the query asks for exactly what the reader would use.
     */
    public PrefetchTemplates(CodeSets codeSets) {
        String bodyCodes = BODY_MEASURE_SETS.stream().flatMap(url -> codeSets.get(url).systemAndCodes().stream())
                .sorted().distinct().collect(Collectors.joining(","));
        templates.put(RecordPart.PATIENT.key(), "Patient/" + P);
        templates.put(RecordPart.MEDICATION_REQUESTS.key(), "MedicationRequest?patient=" + P);
        templates.put(RecordPart.MEDICATION_ADMINISTRATIONS.key(), "MedicationAdministration?patient=" + P);
        templates.put(RecordPart.BODY_MEASUREMENTS.key(), "Observation?patient=" + P + "&code=" + bodyCodes + "&_sort=-date");
        templates.put(RecordPart.LABS.key(), "Observation?patient=" + P + "&category=laboratory&_sort=-date");
        // Results that systems often file outside the laboratory category: pregnancy status and hCG, QTc,
        // marrow blasts (CR/CRi).
        templates.put(RecordPart.KEY_OBSERVATIONS.key(), "Observation?patient=" + P
                + "&code=http://loinc.org|82810-3,http://loinc.org|2106-3,http://loinc.org|2118-8,http://loinc.org|8636-3,"
                + "http://loinc.org|11150-2&_sort=-date");
        templates.put(RecordPart.CONDITIONS.key(), "Condition?patient=" + P);
        templates.put(RecordPart.PROCEDURES.key(), "Procedure?patient=" + P);
        templates.put(RecordPart.SERVICE_REQUESTS.key(), "ServiceRequest?patient=" + P);
        // an HSCT plan may stand only in a CarePlan (CYC-1/2/3, VOD-1, VOD-4, STATUS-1 read it); the reader keeps the
        // active, draft and on-hold ones
        templates.put(RecordPart.CARE_PLANS.key(), "CarePlan?patient=" + P);
        templates.put(RecordPart.ALLERGIES.key(), "AllergyIntolerance?patient=" + P);
        templates.put(RecordPart.ADVERSE_EVENTS.key(), "AdverseEvent?subject=" + P);
    }

    public Map<String, String> all() {
        return Collections.unmodifiableMap(templates);
    }

    /** The template with its tokens replaced; the patient id is percent-encoded. */
    public static String resolve(String template, String patientId) {
        return template.replace(P, URLEncoder.encode(patientId, StandardCharsets.UTF_8));
    }
}
