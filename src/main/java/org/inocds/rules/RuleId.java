package org.inocds.rules;

import static org.inocds.record.RecordPart.ADVERSE_EVENTS;
import static org.inocds.record.RecordPart.ALLERGIES;
import static org.inocds.record.RecordPart.BODY_MEASUREMENTS;
import static org.inocds.record.RecordPart.CARE_PLANS;
import static org.inocds.record.RecordPart.CONDITIONS;
import static org.inocds.record.RecordPart.KEY_OBSERVATIONS;
import static org.inocds.record.RecordPart.LABS;
import static org.inocds.record.RecordPart.MEDICATION_REQUESTS;
import static org.inocds.record.RecordPart.PATIENT;
import static org.inocds.record.RecordPart.PROCEDURES;
import static org.inocds.record.RecordPart.SERVICE_REQUESTS;
import static org.inocds.rules.DataNeeds.BLASTS;
import static org.inocds.rules.DataNeeds.COUNTS;
import static org.inocds.rules.DataNeeds.DOSES;
import static org.inocds.rules.DataNeeds.ENZYMES;
import static org.inocds.rules.DataNeeds.LEVEL;
import static org.inocds.rules.DataNeeds.LIVER_TESTS;
import static org.inocds.rules.DataNeeds.ORDER_ONLY;
import static org.inocds.rules.DataNeeds.parts;

import static org.inocds.rules.LabelSection.APPLICATION;
import static org.inocds.rules.LabelSection.APPROVAL_CONDITIONS;
import static org.inocds.rules.LabelSection.CAREFUL_ADMINISTRATION;
import static org.inocds.rules.LabelSection.CHILDREN;
import static org.inocds.rules.LabelSection.CONTRAINDICATIONS;
import static org.inocds.rules.LabelSection.DOSAGE;
import static org.inocds.rules.LabelSection.ELDERLY;
import static org.inocds.rules.LabelSection.Heading.DOSE_MODIFICATION;
import static org.inocds.rules.LabelSection.Heading.HAEMATOLOGICAL;
import static org.inocds.rules.LabelSection.Heading.HAEMATOLOGICAL_NOTE;
import static org.inocds.rules.LabelSection.Heading.INFUSION_REACTION;
import static org.inocds.rules.LabelSection.Heading.INTERVAL;
import static org.inocds.rules.LabelSection.Heading.NON_HAEMATOLOGICAL;
import static org.inocds.rules.LabelSection.Heading.NON_HAEMATOLOGICAL_NOTE_1;
import static org.inocds.rules.LabelSection.Heading.NON_HAEMATOLOGICAL_NOTE_2;
import static org.inocds.rules.LabelSection.Heading.ONCE_DAILY;
import static org.inocds.rules.LabelSection.IMPORTANT_PRECAUTIONS;
import static org.inocds.rules.LabelSection.INDICATIONS;
import static org.inocds.rules.LabelSection.NONE;
import static org.inocds.rules.LabelSection.OTHER_PRECAUTIONS;
import static org.inocds.rules.LabelSection.PRECAUTIONS_FOR_DOSAGE;
import static org.inocds.rules.LabelSection.PRECAUTIONS_FOR_INDICATIONS;
import static org.inocds.rules.LabelSection.PREGNANCY_AND_LACTATION;
import static org.inocds.rules.LabelSection.WARNINGS;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.inocds.record.Analyte;
import org.inocds.record.RecordPart;
import org.inocds.rules.LabelSection.Citation;

/**
 * Every rule of the rule catalogue, declared once: its id, the family that decides it and what it reads. Everything else
 * that names a rule — the families' findings, the engine, the data-quality cards' lists of rules left unevaluated, the
 * rule pages, the catalogue in {@code docs/} — takes it from here; the code of a rule is written nowhere else
 * ({@code architecture/RuleIdLiteralTest}). It names the places of the label it cites ({@link #cites()}); its words (title,
 * explanation, card texts) are in the message bundles under {@code rule.<id>.*} and {@link #messageKey(String) <id in
 * lower case>.*}, the label's section words under {@link LabelSection#messageKey()}.
 *
 * <p>The order is the rule book's: family by family as they run, each family's rules as the catalogue lists them.
 */
public enum RuleId {
    // 禁忌, 効能・効果 and its 注意 1, 重要な基本的注意 (6), 小児等, 妊婦・授乳婦等, 注意 6
    ELIG_1("ELIG-1", RuleFamily.ELIGIBILITY, parts(ALLERGIES), CONTRAINDICATIONS.whole()),
    ELIG_2("ELIG-2", RuleFamily.ELIGIBILITY, DOSES.and(CONDITIONS), INDICATIONS.whole()),
    ELIG_3("ELIG-3", RuleFamily.ELIGIBILITY, DOSES.and(LABS), PRECAUTIONS_FOR_INDICATIONS.at("1")),
    ELIG_4("ELIG-4", RuleFamily.ELIGIBILITY, DOSES.and(LABS).analytes(BLASTS), IMPORTANT_PRECAUTIONS.at("(6)")),
    ELIG_5("ELIG-5", RuleFamily.ELIGIBILITY, parts(PATIENT), CHILDREN.whole()),
    ELIG_6("ELIG-6", RuleFamily.ELIGIBILITY, parts(LABS, KEY_OBSERVATIONS, CONDITIONS), PREGNANCY_AND_LACTATION.at("(1)")),
    ELIG_8("ELIG-8", RuleFamily.ELIGIBILITY, parts(CONDITIONS, KEY_OBSERVATIONS, LABS), PREGNANCY_AND_LACTATION.at("(2)")),
    ELIG_9("ELIG-9", RuleFamily.ELIGIBILITY, DOSES.andDraftOrders(), PRECAUTIONS_FOR_DOSAGE.at("6")),
    // 用法・用量に関連する使用上の注意 4 [非血液毒性] and its 注1; the patient's sex and age choose the ULN
    HEP_1("HEP-1", RuleFamily.HEPATIC, DOSES.and(CONDITIONS), PRECAUTIONS_FOR_DOSAGE.at("4", NON_HAEMATOLOGICAL)),
    HEP_2("HEP-2", RuleFamily.HEPATIC, DOSES.and(LABS, CONDITIONS, PATIENT).analytes(LIVER_TESTS), PRECAUTIONS_FOR_DOSAGE.at("4", NON_HAEMATOLOGICAL_NOTE_1)),
    // 注意 4 [非血液毒性] infusion reaction, 注意 5
    INF_1("INF-1", RuleFamily.INFUSION_REACTION, DOSES.and(ADVERSE_EVENTS, ALLERGIES), PRECAUTIONS_FOR_DOSAGE.at("4", INFUSION_REACTION)),
    INF_2("INF-2", RuleFamily.INFUSION_REACTION, DOSES.and(ADVERSE_EVENTS, ALLERGIES), PRECAUTIONS_FOR_DOSAGE.at("4"), PRECAUTIONS_FOR_DOSAGE.at("5")),
    // 注意 4 [血液毒性] and its 注
    HEM_1("HEM-1", RuleFamily.HEMATOLOGIC_HOLD, DOSES.and(LABS).analytes(COUNTS), PRECAUTIONS_FOR_DOSAGE.at("4", HAEMATOLOGICAL)),
    HEM_2("HEM-2", RuleFamily.HEMATOLOGIC_HOLD, DOSES.and(LABS).analytes(COUNTS), PRECAUTIONS_FOR_DOSAGE.at("4", HAEMATOLOGICAL)),
    HEM_3("HEM-3", RuleFamily.HEMATOLOGIC_HOLD, DOSES.and(LABS, PROCEDURES).analytes(COUNTS), PRECAUTIONS_FOR_DOSAGE.at("4", HAEMATOLOGICAL_NOTE)),
    // 注意 4 [非血液毒性] and its 注2; PATIENT: the ULN for the patient's sex and age
    TOX_1("TOX-1", RuleFamily.TOXICITY, DOSES.and(ADVERSE_EVENTS, LABS, PATIENT).analytes(ENZYMES), PRECAUTIONS_FOR_DOSAGE.at("4", NON_HAEMATOLOGICAL_NOTE_2)),
    // 用法・用量, 注意 1
    DOSE_1("DOSE-1", RuleFamily.DOSE, parts(BODY_MEASUREMENTS), DOSAGE.whole()),
    DOSE_2("DOSE-2", RuleFamily.DOSE, LEVEL, DOSAGE.whole(), PRECAUTIONS_FOR_DOSAGE.at("1")),
    DOSE_3("DOSE-3", RuleFamily.DOSE, LEVEL, DOSAGE.whole()),
    DOSE_5("DOSE-5", RuleFamily.DOSE, LEVEL, PRECAUTIONS_FOR_DOSAGE.at("1")),
    // 注意 4 [用量調節基準], 再度増量しない
    MOD_3("MOD-3", RuleFamily.DOSE_MODIFICATION, LEVEL, PRECAUTIONS_FOR_DOSAGE.at("4", DOSE_MODIFICATION)),
    MOD_4("MOD-4", RuleFamily.DOSE_MODIFICATION, LEVEL, PRECAUTIONS_FOR_DOSAGE.at("4", DOSE_MODIFICATION)),
    DOSE_4("DOSE-4", RuleFamily.DOSE_MODIFICATION, LEVEL, PRECAUTIONS_FOR_DOSAGE.at("4")),
    // 用法・用量, 注意 4 (投与間隔, 7日以上, 用量調節基準)
    SCHED_1("SCHED-1", RuleFamily.SCHEDULE, DOSES, PRECAUTIONS_FOR_DOSAGE.at("4", DOSE_MODIFICATION)),
    SCHED_2("SCHED-2", RuleFamily.SCHEDULE, LEVEL, PRECAUTIONS_FOR_DOSAGE.at("4", DOSE_MODIFICATION)),
    SCHED_3("SCHED-3", RuleFamily.SCHEDULE, LEVEL, DOSAGE.whole()),
    SCHED_4("SCHED-4", RuleFamily.SCHEDULE, DOSES, DOSAGE.whole()),
    SCHED_5("SCHED-5", RuleFamily.SCHEDULE, ORDER_ONLY, DOSAGE.at("", ONCE_DAILY), PRECAUTIONS_FOR_DOSAGE.at("4", INTERVAL)),
    MOD_1("MOD-1", RuleFamily.SCHEDULE, LEVEL, PRECAUTIONS_FOR_DOSAGE.at("4", DOSE_MODIFICATION)),
    MOD_2("MOD-2", RuleFamily.SCHEDULE, LEVEL, PRECAUTIONS_FOR_DOSAGE.at("4", DOSE_MODIFICATION)),
    // 注意 2, 3: the HSCT plan (a ServiceRequest, CarePlan or Procedure) and the response
    CYC_1("CYC-1", RuleFamily.CYCLE_LIMIT, LEVEL.and(SERVICE_REQUESTS, CARE_PLANS, PROCEDURES), PRECAUTIONS_FOR_DOSAGE.at("2 (1)")),
    CYC_2("CYC-2", RuleFamily.CYCLE_LIMIT, LEVEL.and(SERVICE_REQUESTS, CARE_PLANS, PROCEDURES), PRECAUTIONS_FOR_DOSAGE.at("2 (1)")),
    CYC_3("CYC-3", RuleFamily.CYCLE_LIMIT, LEVEL.and(SERVICE_REQUESTS, CARE_PLANS, PROCEDURES), PRECAUTIONS_FOR_DOSAGE.at("2 (2)")),
    CYC_4("CYC-4", RuleFamily.CYCLE_LIMIT, DOSES, PRECAUTIONS_FOR_DOSAGE.at("3")),
    // 警告 2, 重要な基本的注意 (1) and the other sections of VodRiskRule
    VOD_1("VOD-1", RuleFamily.VOD_RISK, DOSES.and(PATIENT, SERVICE_REQUESTS, CARE_PLANS, PROCEDURES, CONDITIONS, LABS)
            .analytes(Analyte.BILIRUBIN_TOTAL),
            WARNINGS.at("2"), CAREFUL_ADMINISTRATION.at("(1)(2)"), IMPORTANT_PRECAUTIONS.at("(1)"),
            ELDERLY.whole(), OTHER_PRECAUTIONS.at("(1)")),
    VOD_2("VOD-2", RuleFamily.VOD_RISK, DOSES.andDraftOrders(), IMPORTANT_PRECAUTIONS.at("(1)")),
    VOD_3("VOD-3", RuleFamily.VOD_RISK, DOSES.and(PROCEDURES, LABS).analytes(LIVER_TESTS), IMPORTANT_PRECAUTIONS.at("(1)")),
    VOD_4("VOD-4", RuleFamily.VOD_RISK, DOSES.and(SERVICE_REQUESTS, CARE_PLANS, PROCEDURES, LABS).analytes(Analyte.BILIRUBIN_TOTAL), IMPORTANT_PRECAUTIONS.at("(1)")),
    // 警告 2, 重要な基本的注意 (1), (2), (4), (5)
    MON_1("MON-1", RuleFamily.MONITORING, DOSES.and(LABS).analytes(LIVER_TESTS), WARNINGS.at("2"), IMPORTANT_PRECAUTIONS.at("(1)")),
    MON_2("MON-2", RuleFamily.MONITORING, DOSES.and(LABS).analytes(COUNTS), IMPORTANT_PRECAUTIONS.at("(2)")),
    MON_3("MON-3", RuleFamily.MONITORING, DOSES.and(LABS, KEY_OBSERVATIONS).analytes(Analyte.QTC), IMPORTANT_PRECAUTIONS.at("(4)")),
    MON_4("MON-4", RuleFamily.MONITORING, DOSES.and(LABS, KEY_OBSERVATIONS).analytes(ENZYMES), IMPORTANT_PRECAUTIONS.at("(5)")),
    // 慎重投与 (3)
    CAU_1("CAU-1", RuleFamily.CAUTION, parts(CONDITIONS), CAREFUL_ADMINISTRATION.at("(3)")),
    // 注意 5
    PRE_1("PRE-1", RuleFamily.PREMEDICATION, parts(MEDICATION_REQUESTS).andDraftOrders(), PRECAUTIONS_FOR_DOSAGE.at("5")),
    // 適用上の注意; PREP-1 prepares the order's mg: for an order written in mg/m² alone, that is × the BSA
    PREP_1("PREP-1", RuleFamily.PREPARATION, parts(BODY_MEASUREMENTS), APPLICATION.whole()),
    PREP_2("PREP-2", RuleFamily.PREPARATION, ORDER_ONLY, APPLICATION.at("(2)")),
    // 警告 1, 承認条件 2, 重要な基本的注意, 妊婦・産婦・授乳婦等 (1)
    START_1("START-1", RuleFamily.START_CHECKLIST, DOSES.and(PATIENT), WARNINGS.at("1"), APPROVAL_CONDITIONS.at("2"), IMPORTANT_PRECAUTIONS.whole()),
    ELIG_7("ELIG-7", RuleFamily.START_CHECKLIST, DOSES.and(PATIENT), PREGNANCY_AND_LACTATION.at("(1)")),
    // 用法・用量, 注意 1–4
    STATUS_1("STATUS-1", RuleFamily.REGIMEN_STATUS, LEVEL.and(SERVICE_REQUESTS, CARE_PLANS, PROCEDURES), DOSAGE.whole(), PRECAUTIONS_FOR_DOSAGE.at("1–4")),
    // service data checks; DQ-4 compares an order's dose entries, an mg/m² entry × the BSA
    DQ_1("DQ-1", RuleFamily.DATA_QUALITY, ORDER_ONLY, NONE.whole()),
    DQ_2("DQ-2", RuleFamily.DATA_QUALITY, ORDER_ONLY, NONE.whole()),
    DQ_3("DQ-3", RuleFamily.DATA_QUALITY, ORDER_ONLY, NONE.whole()),
    DQ_4("DQ-4", RuleFamily.DATA_QUALITY, parts(BODY_MEASUREMENTS), NONE.whole()),
    DQ_5("DQ-5", RuleFamily.ENGINE, ORDER_ONLY, NONE.whole());

    private final String code;
    private final RuleFamily family;
    private final DataNeeds reads;
    private final List<Citation> cites;

    RuleId(String code, RuleFamily family, DataNeeds reads, Citation... cites) {
        this.code = code;
        this.family = family;
        this.reads = reads;
        this.cites = List.of(cites);
    }

    /** The id as the catalogue, the cards ({@code extension.inocds.finding.rules}) and the rule pages write it. */
    public String code() {
        return code;
    }

    public RuleFamily family() {
        return family;
    }

    /** What it reads. */
    public DataNeeds reads() {
        return reads;
    }

    /**
     * The indicators its cards may carry (the rule pages and {@code /rules} list them; {@code rules/RuleIndicatorsTest}
     * holds every scenario's expected card to them). A rule named on another rule's card (ELIG-7 on START-1's, MOD-2 on
     * SCHED-2's, DOSE-4 on MOD-3's) carries that card's indicator.
     */
    public Set<Indicator> indicators() {
        return switch (this) {
            case ELIG_1, ELIG_6, HEP_1, INF_1, DOSE_3, SCHED_1, SCHED_3, SCHED_4, SCHED_5 -> EnumSet.of(Indicator.CRITICAL);
            case MOD_3 -> EnumSet.allOf(Indicator.class);
            case HEP_2, DOSE_2, VOD_1, MON_1, MON_2, MON_3 -> EnumSet.of(Indicator.INFO, Indicator.WARNING);
            case CYC_2, MOD_1, MON_4, PRE_1, PREP_1, START_1, ELIG_7, STATUS_1 -> EnumSet.of(Indicator.INFO);
            default -> EnumSet.of(Indicator.WARNING);
        };
    }

    /** The places of the label it cites, in the order its source label names them. */
    public List<Citation> cites() {
        return cites;
    }

    /** The label's sections it cites. */
    public Set<LabelSection> sections() {
        return cites.stream().map(Citation::section).collect(Collectors.toCollection(() -> EnumSet.noneOf(LabelSection.class)));
    }

    /** A message key of its findings in the card bundles: {@code hem-1.hold} for HEM-1 and {@code hold}. */
    public String messageKey(String suffix) {
        return code.toLowerCase(Locale.ROOT) + "." + suffix;
    }

    /** The rule page's and the catalogue's key: {@code rule.HEM-1.title} for {@code title}. */
    public String pageKey(String suffix) {
        return "rule." + code + "." + suffix;
    }

    @Override
    public String toString() {
        return code;
    }

    /** The rule of a code as written on a card or in a rule page's address. */
    public static Optional<RuleId> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }

    /** The rules that read {@code part}: named on the data-quality card when it failed, and silent while it is missing. */
    public static List<RuleId> reading(RecordPart part) {
        return Arrays.stream(values()).filter(r -> r.reads.reads(part)).toList();
    }

    /** The rules that read {@code analyte}: named on the data-quality card when a result of it could not be used. */
    public static List<RuleId> reading(Analyte analyte) {
        return Arrays.stream(values()).filter(r -> r.reads.reads(analyte)).toList();
    }

    /** The rules that read the call's other draft orders: named when one of them could not be resolved. */
    public static List<RuleId> readingDraftOrders() {
        return Arrays.stream(values()).filter(r -> r.reads.draftOrders()).toList();
    }
}
