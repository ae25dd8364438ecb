package org.inocds.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.Analyte;
import org.inocds.record.DrugClass;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.BsaFormula;
import org.inocds.regimen.BsaInputs;

/**
 * The settings the rules read, as plain values, in the groups of the settings tree ({@code inocds.dosing},
 * {@code inocds.rules}, {@code inocds.monitoring}: each group's components named and ordered as there, which
 * {@code config/SettingsTableTest} checks). They have no defaults of their own: the only place a default is written is
 * {@code settings/InocdsProperties} (the settings table in docs/settings.md is checked against it), and
 * {@code CoreConfiguration.ruleSettingsOf} maps those settings to this view, group by group.
 */
public record RuleSettings(
        Dosing dosing,
        Rules rules,
        Monitoring monitoring,
        Map<Analyte, UlnDefault> ulnDefaults,
        List<PremedicationItem> premedication) {

    /**
     * The dose and its inputs ({@code inocds.dosing.*}; each component as named there, where it is documented).
     *
     * @param weightWindowDays DOSE-1: the newest weight (and a recorded BSA) must be this recent
     * @param heightWindowDays DOSE-1: the newest height must be this recent
     */
    public record Dosing(BsaFormula bsaFormula, BigDecimal doseTolerancePercent, int weightWindowDays, int heightWindowDays,
            BigDecimal vialMg, BigDecimal reconstitutionMl) {}

    /**
     * The windows and switches of the other rules ({@code inocds.rules.*}; each component as named there).
     *
     * @param labWindowDays a laboratory result counts as current for this many days before the planned date
     */
    public record Rules(int labWindowDays, int pediatricAgeBelow, int contraceptionAgeFrom, int contraceptionAgeTo,
            BigDecimal marrowBlastRemissionPercent, boolean startChecklist, boolean surveillanceRegistration,
            boolean preparationOnOrderSign, int conditioningWindowDays) {}

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
    }

    /** One order of the site's premedication set (PRE-1), created as a draft MedicationRequest. */
    public record PremedicationItem(DrugClass drugClass, String system, String code, String display, BigDecimal dose,
            String unit, String routeCode, String routeDisplay) {}

    /** The BSA for a dose on {@code date} with these windows and formula (DOSE-1). */
    public BsaInputs.Outcome bsaOn(PatientRecord record, LocalDate date) {
        return BsaInputs.resolve(record, date, dosing.bsaFormula(), dosing.weightWindowDays(), dosing.heightWindowDays());
    }

    /**
     * A site's upper limit of normal for an analyte, per sex ({@code inocds.upper-limits.*}): used when a result carries no
     * reference range that applies to the patient.
     */
    public record UlnDefault(BigDecimal male, BigDecimal female) {

        /** The same limit for both sexes. */
        public static UlnDefault both(BigDecimal uln) {
            return new UlnDefault(uln, uln);
        }

        public boolean differsBySex() {
            return male.compareTo(female) != 0;
        }

        /** The limit for this sex; for a sex not recorded (or other), the lower of the two, the stricter. */
        public BigDecimal forSex(PatientRecord.Sex sex) {
            return switch (sex) {
                case MALE -> male;
                case FEMALE -> female;
                default -> male.min(female);
            };
        }
    }

    /** The site's upper limit of normal for an analyte, when it sets one. */
    public Optional<UlnDefault> defaultUpperLimit(Analyte analyte) {
        return Optional.ofNullable(ulnDefaults.get(analyte));
    }
}
