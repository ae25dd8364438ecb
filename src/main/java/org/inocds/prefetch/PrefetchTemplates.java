package org.inocds.prefetch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prefetch templates every service declares: everything RULES.md reads about the patient. They use
 * CDS Hooks 2.0 tokens only ({@code {{context.patientId}}}); no date arithmetic, so windows are applied by
 * the service after reading. Codes are listed where a narrow query is possible (body measurements);
 * laboratory results are read by category because JLAC10 codes are matched by analyte prefix, which a
 * token search cannot express.
 */
public final class PrefetchTemplates {

    public static final String PATIENT = "patient";

    private static final String P = "{{context.patientId}}";

    private static final Map<String, String> TEMPLATES = new LinkedHashMap<>();

    static {
        TEMPLATES.put(PATIENT, "Patient/" + P);
        TEMPLATES.put("medicationRequests", "MedicationRequest?patient=" + P);
        TEMPLATES.put("medicationAdministrations", "MedicationAdministration?patient=" + P);
        TEMPLATES.put("bodyMeasurements", "Observation?patient=" + P
                + "&code=http://loinc.org|8302-2,http://loinc.org|29463-7,http://loinc.org|3141-9,http://loinc.org|8277-6"
                + "&_sort=-date");
        TEMPLATES.put("labs", "Observation?patient=" + P + "&category=laboratory&_sort=-date");
        // Results that systems often file outside the laboratory category: pregnancy status and hCG, QTc,
        // marrow blasts (CR/CRi).
        TEMPLATES.put("keyObservations", "Observation?patient=" + P
                + "&code=http://loinc.org|82810-3,http://loinc.org|2106-3,http://loinc.org|2118-8,http://loinc.org|8636-3,"
                + "http://loinc.org|11150-2&_sort=-date");
        TEMPLATES.put("conditions", "Condition?patient=" + P);
        TEMPLATES.put("procedures", "Procedure?patient=" + P);
        TEMPLATES.put("serviceRequests", "ServiceRequest?patient=" + P);
        TEMPLATES.put("allergies", "AllergyIntolerance?patient=" + P);
        TEMPLATES.put("adverseEvents", "AdverseEvent?subject=" + P);
    }

    /** The rules each key feeds, named on a data-quality card when that key's data is missing (DQ-2, DQ-3). */
    private static final Map<String, java.util.List<String>> RULES_FED = Map.ofEntries(
            Map.entry(PATIENT, java.util.List.of("ELIG-5", "ELIG-7", "VOD-1")),
            Map.entry("medicationRequests", java.util.List.of("DOSE-1…5", "SCHED-1…4", "CYC-1…4", "MOD-1…4", "ELIG-9", "PRE-1", "VOD-2")),
            Map.entry("medicationAdministrations", java.util.List.of("DOSE-1…5", "SCHED-1…4", "CYC-1…4", "MOD-1…4")),
            Map.entry("bodyMeasurements", java.util.List.of("DOSE-1", "DOSE-2", "DOSE-3")),
            Map.entry("labs", java.util.List.of("HEM-1…3", "HEP-2", "TOX-1", "MON-1…4", "ELIG-3", "ELIG-4", "ELIG-6", "VOD-1", "VOD-4")),
            Map.entry("keyObservations", java.util.List.of("ELIG-6", "MON-3", "DOSE-5", "CYC-3")),
            Map.entry("conditions", java.util.List.of("ELIG-2", "ELIG-6", "ELIG-8", "HEP-1", "HEP-2", "CAU-1", "VOD-1", "CYC-3")),
            Map.entry("procedures", java.util.List.of("HEM-3", "VOD-1", "VOD-3")),
            Map.entry("serviceRequests", java.util.List.of("CYC-1", "CYC-2", "VOD-1", "VOD-4")),
            Map.entry("allergies", java.util.List.of("ELIG-1", "INF-1", "INF-2")),
            Map.entry("adverseEvents", java.util.List.of("TOX-1", "INF-1", "INF-2")));

    private PrefetchTemplates() {}

    /** The rules that read the data of {@code key}. */
    public static java.util.List<String> rulesFed(String key) {
        return RULES_FED.getOrDefault(key, java.util.List.of());
    }

    /** Key → template, in a stable order. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(TEMPLATES);
    }

    /** The template with its tokens replaced; the patient id is percent-encoded. */
    public static String resolve(String template, String patientId) {
        return template.replace(P, java.net.URLEncoder.encode(patientId, java.nio.charset.StandardCharsets.UTF_8));
    }
}
