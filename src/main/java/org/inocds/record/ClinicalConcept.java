package org.inocds.record;

/** Diagnoses, procedures and states the rules ask about, each recognised through a ValueSet. */
public enum ClinicalConcept {
    ALL("acute-lymphoblastic-leukemia"),
    VOD_SOS("vod-sos"),
    SEVERE_LIVER_INJURY("severe-liver-injury"),
    CHRONIC_LIVER_DISEASE("chronic-liver-disease"),
    /** HEP-2 note 1: waives the bilirubin criterion. */
    GILBERT_SYNDROME("gilbert-syndrome"),
    /** HEP-2 note 1: waives the bilirubin and the AST criteria (red cells release both). */
    HEMOLYSIS("hemolysis"),
    INFECTION("infection"),
    PREGNANCY("pregnancy"),
    LACTATION("lactation"),
    HSCT("hsct"),
    PLATELET_TRANSFUSION("platelet-transfusion"),
    CD22("cd22"),
    HEMATOLOGIC_EVENT("hematologic-adverse-event"),
    INFUSION_REACTION("infusion-reaction"),
    /**
     * Extramedullary leukaemia (CR/CRi needs none: 用法・用量に関連する使用上の注意 1). No code set ships with the service,
     * as no source here names one: a Condition is recognised by a site's ValueSet of this url, or by its text
     * ("extramedullary", 髄外).
     */
    EXTRAMEDULLARY_DISEASE("extramedullary-disease"),
    /**
     * Leukaemic blasts reported in the peripheral blood as "detected" without a number (a coded value, a value string or an
     * interpretation of a peripheral blast Observation): CR/CRi is refuted. Read by the laboratory reader from the
     * Observations of the peripheral blast analytes; the concept's own ValueSet ({@code result-detected}) is the codes of
     * the answer, not of a diagnosis.
     */
    PERIPHERAL_BLASTS_DETECTED("result-detected");

    private final String valueSetId;

    ClinicalConcept(String valueSetId) {
        this.valueSetId = valueSetId;
    }

    public String valueSetUrl() {
        return KnowledgeValueSets.BASE + valueSetId;
    }
}
