package org.inocds.rules;

/** Reasons a clinician may give for not following a card (docs/design.md "Card contract"). */
public enum OverrideReason {
    THERAPEUTICALLY_UNAVOIDABLE("therapeutically-unavoidable"),
    CYTOPENIA_FROM_DISEASE("cytopenia-from-disease"),
    BENEFIT_OUTWEIGHS_RISK("benefit-outweighs-risk"),
    EHR_DATA_OUTDATED("ehr-data-outdated"),
    /** MOD-3/MOD-4: the label's dose-modification table is about holds for adverse reactions; a late dose may not be one. */
    DELAY_NOT_FOR_TOXICITY("delay-not-for-toxicity"),
    /** DOSE-2: the site rounds to what can be drawn or dispensed. */
    DOSE_ROUNDED_BY_SITE_PRACTICE("dose-rounded"),
    /** DOSE-2: the BSA was taken from another weight or formula by the site's policy. */
    BODY_SIZE_BY_SITE_POLICY("body-size-policy");

    private final String code;

    OverrideReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
