package org.inocds.config;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.inocds.rules.RuleBook;
import org.inocds.rules.RuleSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared, expensive-to-build objects: made once at start. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

    /** One R4 context for the whole service (DESIGN.md "Stack"). */
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
        var dosing = properties.dosing();
        var rules = properties.rules();
        return new RuleSettings(dosing.bsaFormula(), dosing.doseTolerancePercent(),
                dosing.weightWindowDays(), dosing.heightWindowDays(), rules.labWindowDays(), rules.pediatricAgeBelow(),
                rules.contraceptionAgeFrom(), rules.contraceptionAgeTo(), rules.marrowBlastRemissionPercent(),
                dosing.vialMg(), dosing.reconstitutionMl(), rules.startChecklist(), rules.surveillanceRegistration(),
                rules.preparationOnOrderSign());
    }

    @Bean
    public org.inocds.rules.PatientReview patientReview(RuleBook ruleBook, RuleSettings settings) {
        return new org.inocds.rules.PatientReview(ruleBook, settings);
    }

    @Bean
    public RuleBook ruleBook() {
        return RuleBook.standard();
    }
}
