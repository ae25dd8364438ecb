package org.inocds.record;

/**
 * Laboratory and clinical measurements the rules read, each with the ValueSet that recognises it (LOINC
 * codes, JLAC10 analyte prefixes, site codes) and the unit its values are kept in (the label digest "Units and thresholds").
 */
public enum Analyte {
    ANC("anc", "/uL"),
    PLATELETS("platelets", "/uL"),
    WBC("wbc", "/uL"),
    NEUTROPHILS_PERCENT("neutrophils-percent", "%"),
    PERIPHERAL_BLASTS_PERCENT("peripheral-blasts-percent", "%"),
    PERIPHERAL_BLASTS("peripheral-blasts", "/uL"),
    MARROW_BLASTS_PERCENT("marrow-blasts-percent", "%"),
    BILIRUBIN_TOTAL("bilirubin-total", "mg/dL"),
    AST("ast", "U/L"),
    ALT("alt", "U/L"),
    LIPASE("lipase", "U/L"),
    AMYLASE("amylase", "U/L"),
    QTC("qtc", "ms");

    private final String valueSetId;
    private final String unit;

    Analyte(String valueSetId, String unit) {
        this.valueSetId = valueSetId;
        this.unit = unit;
    }

    public String valueSetUrl() {
        return KnowledgeValueSets.BASE + valueSetId;
    }

    /** The UCUM unit values are converted to. */
    public String unit() {
        return unit;
    }
}
