package org.inocds.rules;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * When each rule was last reviewed, and how: read against the label's rows (用法・用量 and its 注意 1–6, 重要な基本的注意
 * (1) and (6) were read on 2026-12-07 for the rules that rest on them), else the date the rule's row of the rule catalogue
 * was last corrected (the git history of {@code docs/rule-catalogue.md}). The rule pages show the date and its basis; a
 * rule changed after its review gets its new date here ({@code cards/RulePagesHttpTest} requires one for every rule).
 */
public final class RuleReview {

    /** How the date was had. */
    public enum Basis { LABEL_READ, CATALOGUE_ROW_CORRECTED }

    /** A rule's last review. */
    public record Reviewed(LocalDate date, Basis basis) {}

    private static final Map<RuleId, Reviewed> REVIEWED = new EnumMap<>(Map.ofEntries(
            Map.entry(RuleId.ELIG_1, catalogueRow("2026-12-02")),
            Map.entry(RuleId.ELIG_2, catalogueRow("2026-12-02")),
            Map.entry(RuleId.ELIG_3, catalogueRow("2026-12-02")),
            Map.entry(RuleId.ELIG_4, label("2026-12-07")),
            Map.entry(RuleId.ELIG_5, catalogueRow("2026-12-02")),
            Map.entry(RuleId.ELIG_6, catalogueRow("2026-12-07")),
            Map.entry(RuleId.ELIG_8, catalogueRow("2026-12-02")),
            Map.entry(RuleId.ELIG_9, label("2026-12-07")),
            Map.entry(RuleId.HEP_1, label("2026-12-07")),
            Map.entry(RuleId.HEP_2, label("2026-12-07")),
            Map.entry(RuleId.INF_1, label("2026-12-07")),
            Map.entry(RuleId.INF_2, label("2026-12-07")),
            Map.entry(RuleId.HEM_1, label("2026-12-07")),
            Map.entry(RuleId.HEM_2, label("2026-12-07")),
            Map.entry(RuleId.HEM_3, label("2026-12-07")),
            Map.entry(RuleId.TOX_1, label("2026-12-07")),
            Map.entry(RuleId.DOSE_1, catalogueRow("2026-12-02")),
            Map.entry(RuleId.DOSE_2, label("2026-12-07")),
            Map.entry(RuleId.DOSE_3, label("2026-12-07")),
            Map.entry(RuleId.DOSE_5, label("2026-12-07")),
            Map.entry(RuleId.MOD_3, label("2026-12-07")),
            Map.entry(RuleId.MOD_4, label("2026-12-07")),
            Map.entry(RuleId.DOSE_4, label("2026-12-07")),
            Map.entry(RuleId.SCHED_1, label("2026-12-07")),
            Map.entry(RuleId.SCHED_2, label("2026-12-07")),
            Map.entry(RuleId.SCHED_3, label("2026-12-07")),
            Map.entry(RuleId.SCHED_4, label("2026-12-07")),
            Map.entry(RuleId.SCHED_5, catalogueRow("2026-12-07")),
            Map.entry(RuleId.MOD_1, label("2026-12-07")),
            Map.entry(RuleId.MOD_2, label("2026-12-07")),
            Map.entry(RuleId.CYC_1, label("2026-12-07")),
            Map.entry(RuleId.CYC_2, label("2026-12-07")),
            Map.entry(RuleId.CYC_3, label("2026-12-07")),
            Map.entry(RuleId.CYC_4, label("2026-12-07")),
            Map.entry(RuleId.VOD_1, catalogueRow("2026-12-07")),
            Map.entry(RuleId.VOD_2, label("2026-12-07")),
            Map.entry(RuleId.VOD_3, catalogueRow("2026-12-07")),
            Map.entry(RuleId.VOD_4, catalogueRow("2026-12-07")),
            Map.entry(RuleId.MON_1, catalogueRow("2026-12-07")),
            Map.entry(RuleId.MON_2, catalogueRow("2026-12-07")),
            Map.entry(RuleId.MON_3, catalogueRow("2026-12-07")),
            Map.entry(RuleId.MON_4, catalogueRow("2026-12-07")),
            Map.entry(RuleId.CAU_1, catalogueRow("2026-12-02")),
            Map.entry(RuleId.PRE_1, label("2026-12-07")),
            Map.entry(RuleId.PREP_1, catalogueRow("2026-12-07")),
            Map.entry(RuleId.PREP_2, catalogueRow("2026-12-02")),
            Map.entry(RuleId.START_1, catalogueRow("2026-12-07")),
            Map.entry(RuleId.ELIG_7, catalogueRow("2026-12-07")),
            Map.entry(RuleId.STATUS_1, catalogueRow("2026-12-07")),
            Map.entry(RuleId.DQ_1, catalogueRow("2026-12-02")),
            Map.entry(RuleId.DQ_2, catalogueRow("2026-12-02")),
            Map.entry(RuleId.DQ_3, catalogueRow("2026-12-02")),
            Map.entry(RuleId.DQ_4, catalogueRow("2026-12-07")),
            Map.entry(RuleId.DQ_5, catalogueRow("2026-12-02"))));

    private RuleReview() {}

    /** The rule's last review. */
    public static Reviewed of(RuleId rule) {
        Reviewed r = REVIEWED.get(rule);
        if (r == null) {
            throw new IllegalStateException(rule + " has no review date");
        }
        return r;
    }

    private static Reviewed label(String date) {
        return new Reviewed(LocalDate.parse(date), Basis.LABEL_READ);
    }

    private static Reviewed catalogueRow(String date) {
        return new Reviewed(LocalDate.parse(date), Basis.CATALOGUE_ROW_CORRECTED);
    }
}
