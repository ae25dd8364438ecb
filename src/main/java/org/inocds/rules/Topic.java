package org.inocds.rules;

/** Card topics, the codes of the project's CodeSystem (docs/design.md "Card contract"). */
public enum Topic {
    DOSE("dose"),
    SCHEDULE("schedule"),
    DOSE_MODIFICATION("dose-modification"),
    HOLD_HEMATOLOGIC("hold-hematologic"),
    HOLD_HEPATIC("hold-hepatic"),
    HOLD_TOXICITY("hold-toxicity"),
    DISCONTINUE("discontinue"),
    CYCLE_LIMIT("cycle-limit"),
    VOD_RISK("vod-risk"),
    MONITORING("monitoring"),
    PREMEDICATION("premedication"),
    ELIGIBILITY("eligibility"),
    CONTRAINDICATION("contraindication"),
    CAUTION("caution"),
    SURVEILLANCE("surveillance"),
    PREPARATION("preparation"),
    DATA_QUALITY("data-quality");

    private final String code;

    Topic(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
