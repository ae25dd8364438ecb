package org.inocds.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * The sections of the label (添付文書) that the rules cite, as the label heads them (【警告】, 【禁忌】, … and, under
 * 【使用上の注意】, its numbered parts). Their words are in the message bundles under {@link #messageKey()}; a rule's
 * citations — section, item and, within 用法・用量に関連する使用上の注意 4, the table's heading — are declared with the
 * rule in {@link RuleId}.
 */
public enum LabelSection {
    WARNINGS,
    APPROVAL_CONDITIONS,
    CONTRAINDICATIONS,
    INDICATIONS,
    PRECAUTIONS_FOR_INDICATIONS,
    DOSAGE,
    PRECAUTIONS_FOR_DOSAGE,
    CAREFUL_ADMINISTRATION,
    IMPORTANT_PRECAUTIONS,
    ELDERLY,
    PREGNANCY_AND_LACTATION,
    CHILDREN,
    APPLICATION,
    OTHER_PRECAUTIONS,
    /** No section: a check of the service's own data (DQ-*). */
    NONE;

    /** The key of the section's words: {@code label.precautions-for-dosage}. */
    public String messageKey() {
        return "label." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The whole section. */
    public Citation whole() {
        return new Citation(this, "", Optional.empty());
    }

    /** An item of it as the label numbers it: {@code "4"}, {@code "(1)"}, {@code "2 (1)"}. */
    public Citation at(String item) {
        return new Citation(this, item, Optional.empty());
    }

    /** An item and, within it, a heading. */
    public Citation at(String item, Heading heading) {
        return new Citation(this, item, Optional.of(heading));
    }

    /** A heading within an item, as the label writes it; its words are in the bundles under {@link #messageKey()}. */
    public enum Heading {
        /** 用法・用量 (1 日 1 回). */
        ONCE_DAILY,
        /** 注意 4: 投与間隔は 6 日以上. */
        INTERVAL,
        /** 注意 4 [用量調節基準]. */
        DOSE_MODIFICATION,
        /** 注意 4 [血液毒性]. */
        HAEMATOLOGICAL,
        /** 注意 4 [血液毒性] 注. */
        HAEMATOLOGICAL_NOTE,
        /** 注意 4 [非血液毒性]. */
        NON_HAEMATOLOGICAL,
        /** 注意 4 [非血液毒性] 注 1. */
        NON_HAEMATOLOGICAL_NOTE_1,
        /** 注意 4 [非血液毒性] 注 2. */
        NON_HAEMATOLOGICAL_NOTE_2,
        /** 注意 4 [非血液毒性] infusion reaction. */
        INFUSION_REACTION;

        public String messageKey() {
            return "label.heading." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One place of the label a rule cites: a section, its item (empty for the whole section) and a heading in it. */
    public record Citation(LabelSection section, String item, Optional<Heading> heading) {
    }
}
