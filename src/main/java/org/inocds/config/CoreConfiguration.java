package org.inocds.config;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.inocds.rules.RuleBook;
import org.inocds.rules.RuleSettings;
import org.inocds.settings.InocdsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared, expensive-to-build objects: made once at start. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /** One R4 context for the whole service (docs/design.md "Stack"). */
    @Bean
    public FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    /** "Today" for planned dates and windows; tests replace it with a fixed clock. */
    @Bean
    public Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Bean
    public RuleSettings ruleSettings(InocdsProperties properties) {
        return ruleSettingsOf(properties);
    }

    /** The rules' view of the settings: the one mapping from {@code inocds.*} (tests use it too). */
    public static RuleSettings ruleSettingsOf(InocdsProperties properties) {
        var dosing = properties.dosing();
        var rules = properties.rules();
        return new RuleSettings(dosing.bsaFormula(), dosing.doseTolerancePercent(),
                dosing.weightWindowDays(), dosing.heightWindowDays(), rules.labWindowDays(), rules.pediatricAgeBelow(),
                rules.contraceptionAgeFrom(), rules.contraceptionAgeTo(), rules.marrowBlastRemissionPercent(),
                dosing.vialMg(), dosing.reconstitutionMl(), rules.startChecklist(), rules.surveillanceRegistration(),
                rules.preparationOnOrderSign(), rules.conditioningWindowDays(), monitoring(properties.monitoring()), upperLimits(properties.upperLimits()),
                premedication(properties.premedication()));
    }

    private static RuleSettings.Monitoring monitoring(InocdsProperties.Monitoring m) {
        return new RuleSettings.Monitoring(m.baselineWindowDays(), m.transfusionWindowDays(), m.ecgAndEnzymeWindowDays(),
                m.qtcLimitMs(), m.qtcIncreaseMs(), m.postHsctDays(), m.postHsctLftDays(), m.elderlyAge());
    }

    private static java.util.Map<org.inocds.record.Analyte, java.math.BigDecimal> upperLimits(InocdsProperties.UpperLimits u) {
        return java.util.Map.of(org.inocds.record.Analyte.BILIRUBIN_TOTAL, u.bilirubinMgPerDl(), org.inocds.record.Analyte.AST,
                u.astUPerL(), org.inocds.record.Analyte.ALT, u.altUPerL(), org.inocds.record.Analyte.LIPASE, u.lipaseUPerL(),
                org.inocds.record.Analyte.AMYLASE, u.amylaseUPerL());
    }

    /** The premedication set when a site names none: paracetamol, an antihistamine and a corticosteroid (注意 5). */
    private static final java.util.List<RuleSettings.PremedicationItem> DEFAULT_PREMEDICATION = java.util.List.of(
            new RuleSettings.PremedicationItem(org.inocds.record.DrugClass.ANTIPYRETIC, RXNORM, "161", "acetaminophen",
                    new java.math.BigDecimal("500"), "mg", "26643006", "Oral route"),
            new RuleSettings.PremedicationItem(org.inocds.record.DrugClass.ANTIHISTAMINE, RXNORM, "3498", "diphenhydramine",
                    new java.math.BigDecimal("50"), "mg", "26643006", "Oral route"),
            new RuleSettings.PremedicationItem(org.inocds.record.DrugClass.CORTICOSTEROID, RXNORM, "5492", "hydrocortisone",
                    new java.math.BigDecimal("100"), "mg", "47625008", "Intravenous route"));

    private static java.util.List<RuleSettings.PremedicationItem> premedication(java.util.List<InocdsProperties.PremedicationItem> items) {
        if (items == null || items.isEmpty()) {
            return DEFAULT_PREMEDICATION;
        }
        return items.stream().map(i -> new RuleSettings.PremedicationItem(org.inocds.record.DrugClass.valueOf(i.drugClass()),
                i.system(), i.code(), i.display(), i.dose(), i.unit(), i.routeCode(), i.routeDisplay())).toList();
    }

    @Bean
    public org.inocds.rules.PatientReview patientReview(RuleBook ruleBook, RuleSettings settings) {
        return new org.inocds.rules.PatientReview(ruleBook, settings);
    }

    @Bean
    public org.inocds.reader.CodeSets codeSets(ca.uhn.fhir.context.FhirContext fhir, InocdsProperties properties) throws java.io.IOException {
        return org.inocds.reader.CodeSets.from(fhir, properties.knowledge().locations());
    }

    /** The prefetch templates every service declares, their body-measurement codes from the knowledge folder. */
    @Bean
    public org.inocds.prefetch.PrefetchTemplates prefetchTemplates(org.inocds.reader.CodeSets codeSets) {
        return new org.inocds.prefetch.PrefetchTemplates(codeSets);
    }

    @Bean
    public org.inocds.record.ProductStrength productStrength(InocdsProperties properties) {
        return new org.inocds.record.ProductStrength(properties.dosing().vialMg(), properties.dosing().reconstitutionMl());
    }

    @Bean
    public RuleBook ruleBook() {
        return RuleBook.standard();
    }
}
