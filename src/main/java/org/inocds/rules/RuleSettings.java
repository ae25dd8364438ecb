package org.inocds.rules;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.inocds.record.Analyte;
import org.inocds.record.DrugClass;
import org.inocds.regimen.BsaFormula;

/**
 * The settings the rules read, as plain values (filled from {@code inocds.*}; defaults and meanings in
 * InocdsProperties and the README).
 */
public record RuleSettings(
        BsaFormula bsaFormula,
        BigDecimal doseTolerancePercent,
        int weightWindowDays,
        int heightWindowDays,
        int labWindowDays,
        int pediatricAgeBelow,
        int contraceptionAgeFrom,
        int contraceptionAgeTo,
        BigDecimal marrowBlastRemissionPercent,
        BigDecimal vialMg,
        BigDecimal reconstitutionMl,
        boolean startChecklist,
        boolean surveillanceRegistration,
        boolean preparationOnOrderSign,
        Monitoring monitoring,
        Map<Analyte, BigDecimal> ulnDefaults,
        List<PremedicationItem> premedication) {

    /**
     * Windows of the hold, monitoring and VOD/SOS rules.
     *
     * @param baselineWindowDays HEM: the baseline count is the newest on or before C1D1, at most this old
     * @param transfusionWindowDays HEM-3: a platelet transfusion this close before the count taints it
     * @param ecgAndEnzymeWindowDays MON-3, MON-4
     * @param qtcLimitMs MON-3: QTc above this is prolonged
     * @param qtcIncreaseMs MON-3: an increase of this much over baseline is prolonged
     * @param postHsctDays VOD-3: days after HSCT during which liver tests are watched
     * @param postHsctLftDays VOD-3: liver tests expected at least this often after HSCT
     * @param elderlyAge VOD-1: age from which VOD/SOS risk after HSCT is higher
     */
    public record Monitoring(int baselineWindowDays, int transfusionWindowDays, int ecgAndEnzymeWindowDays, int qtcLimitMs,
            int qtcIncreaseMs, int postHsctDays, int postHsctLftDays, int elderlyAge) {

        public static Monitoring defaults() {
            return new Monitoring(14, 7, 30, 500, 60, 100, 3, 65);
        }
    }

    /** One order of the site's premedication set (PRE-1), created as a draft MedicationRequest. */
    public record PremedicationItem(DrugClass drugClass, String system, String code, String display, BigDecimal dose,
            String unit, String routeCode, String routeDisplay) {}

    /** Conservative placeholders where a result has no reference range: every site sets its laboratory's. */
    public static Map<Analyte, BigDecimal> defaultUpperLimits() {
        return Map.of(Analyte.BILIRUBIN_TOTAL, new BigDecimal("1.2"), Analyte.AST, new BigDecimal("30"),
                Analyte.ALT, new BigDecimal("30"), Analyte.LIPASE, new BigDecimal("60"), Analyte.AMYLASE, new BigDecimal("130"));
    }

    /** A common premedication set: paracetamol, an antihistamine and a corticosteroid (注意 5). */
    public static List<PremedicationItem> defaultPremedication() {
        String rx = "http://www.nlm.nih.gov/research/umls/rxnorm";
        return List.of(
                new PremedicationItem(DrugClass.ANTIPYRETIC, rx, "161", "acetaminophen", new BigDecimal("500"), "mg", "26643006", "Oral route"),
                new PremedicationItem(DrugClass.ANTIHISTAMINE, rx, "3498", "diphenhydramine", new BigDecimal("50"), "mg", "26643006", "Oral route"),
                new PremedicationItem(DrugClass.CORTICOSTEROID, rx, "5492", "hydrocortisone", new BigDecimal("100"), "mg", "47625008", "Intravenous route"));
    }

    /** The defaults documented in InocdsProperties, for tests and tools. */
    public static RuleSettings defaults() {
        return new RuleSettings(BsaFormula.MOSTELLER, new BigDecimal("5"), 30, 365, 7, 18, 12, 55,
                new BigDecimal("5"), BigDecimal.ONE, new BigDecimal("4"), true, true, false, Monitoring.defaults(),
                defaultUpperLimits(), defaultPremedication());
    }

    /** The BSA for a dose on {@code date} with these windows and formula (DOSE-1). */
    public org.inocds.regimen.BsaInputs.Outcome bsaOn(org.inocds.record.PatientRecord record, java.time.LocalDate date) {
        return org.inocds.regimen.BsaInputs.resolve(record, date, bsaFormula, weightWindowDays, heightWindowDays);
    }

    /** The upper limit used for a result: its own reference range, else the site default (said on the card). */
    public java.util.Optional<BigDecimal> defaultUpperLimit(Analyte analyte) {
        return java.util.Optional.ofNullable(ulnDefaults.get(analyte));
    }
}
