package org.inocds.config;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.inocds.feedback.AuditClock;
import org.inocds.knowledge.CodeSets;
import org.inocds.prefetch.PrefetchTemplates;
import org.inocds.reader.ValueSetReader;
import org.inocds.record.Analyte;
import org.inocds.record.DrugClass;
import org.inocds.record.ProductStrength;
import org.inocds.rules.PatientReview;
import org.inocds.rules.RuleBook;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.family.StandardRuleBook;
import org.inocds.settings.InocdsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared, expensive-to-build objects: made once at start. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

    /** One R4 context for the whole service (docs/design.md "Stack"). */
    @Bean
    public FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    /**
     * The site's time zone ({@code inocds.site.time-zone}): the reader takes every date as the site's day, and "today"
     * is the clock's instant seen there (docs/design.md "Dates").
     */
    @Bean
    public ZoneId siteZone(InocdsProperties properties) {
        return properties.site().timeZone();
    }

    /** "Now" for planned dates and windows (its day is taken in {@link #siteZone}); tests replace it with a fixed clock. */
    @Bean
    public Clock clock() {
        return Clock.systemDefaultZone();
    }

    /** The clock of the issued-card log and feedback: the service's clock (a test of an outside EHR may give real time). */
    @Bean
    public AuditClock auditClock(Clock clock) {
        return new AuditClock(clock);
    }

    @Bean
    public RuleSettings ruleSettings(InocdsProperties properties) {
        return ruleSettingsOf(properties);
    }

    /** The rules' view of the settings: the one mapping from {@code inocds.*} (tests use it too). */
    public static RuleSettings ruleSettingsOf(InocdsProperties properties) {
        return new RuleSettings(dosing(properties.dosing()), rules(properties.rules()), monitoring(properties.monitoring()),
                upperLimits(properties.upperLimits()), premedication(properties.premedication()));
    }

    private static RuleSettings.Dosing dosing(InocdsProperties.Dosing d) {
        return new RuleSettings.Dosing(d.bsaFormula(), d.doseTolerancePercent(), d.weightWindowDays(), d.heightWindowDays(), d.vialMg(),
                d.reconstitutionMl());
    }

    private static RuleSettings.Rules rules(InocdsProperties.Rules r) {
        return new RuleSettings.Rules(r.labWindowDays(), r.pediatricAgeBelow(), r.contraceptionAgeFrom(), r.contraceptionAgeTo(),
                r.marrowBlastRemissionPercent(), r.startChecklist(), r.surveillanceRegistration(), r.preparationOnOrderSign(),
                r.conditioningWindowDays());
    }

    private static RuleSettings.Monitoring monitoring(InocdsProperties.Monitoring m) {
        return new RuleSettings.Monitoring(m.baselineWindowDays(), m.transfusionWindowDays(), m.ecgAndEnzymeWindowDays(),
                m.qtcLimitMs(), m.qtcIncreaseMs(), m.postHsctDays(), m.postHsctLftDays(), m.elderlyAge());
    }

    private static Map<Analyte, RuleSettings.UlnDefault> upperLimits(InocdsProperties.UpperLimits u) {
        return Map.of(Analyte.BILIRUBIN_TOTAL, RuleSettings.UlnDefault.both(u.bilirubinMgPerDl()),
                Analyte.AST, RuleSettings.UlnDefault.both(u.astUPerL()),
                Analyte.ALT, new RuleSettings.UlnDefault(u.altMaleUPerL(), u.altFemaleUPerL()),
                Analyte.LIPASE, RuleSettings.UlnDefault.both(u.lipaseUPerL()),
                Analyte.AMYLASE, RuleSettings.UlnDefault.both(u.amylaseUPerL()));
    }

    /** The site's set, or the default that {@link InocdsProperties} itself supplies when the site names none. */
    private static List<RuleSettings.PremedicationItem> premedication(List<InocdsProperties.PremedicationItem> items) {
        return items.stream().map(i -> new RuleSettings.PremedicationItem(DrugClass.valueOf(i.drugClass()),
                i.system(), i.code(), i.display(), i.dose(), i.unit(), i.routeCode(), i.routeDisplay())).toList();
    }

    @Bean
    public PatientReview patientReview(RuleBook ruleBook, RuleSettings settings) {
        return new PatientReview(ruleBook, settings);
    }

    @Bean
    public CodeSets codeSets(FhirContext fhir, InocdsProperties properties) throws IOException {
        return ValueSetReader.codeSets(fhir, properties.knowledge().locations());
    }

    /** The prefetch templates every service declares, their body-measurement codes from the knowledge folder. */
    @Bean
    public PrefetchTemplates prefetchTemplates(CodeSets codeSets) {
        return new PrefetchTemplates(codeSets);
    }

    @Bean
    public ProductStrength productStrength(InocdsProperties properties) {
        return new ProductStrength(properties.dosing().vialMg(), properties.dosing().reconstitutionMl());
    }

    @Bean
    public RuleBook ruleBook() {
        return StandardRuleBook.create();
    }
}
