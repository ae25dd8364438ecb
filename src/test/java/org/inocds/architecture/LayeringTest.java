package org.inocds.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The domain never imports transport (docs/design.md "Layers"): the rules and the regimen are plain Java on plain
 * value types — no HTTP, Spring, FHIR or JSON types — and they know nothing of the layers that call them.
 */
@AnalyzeClasses(packages = "org.inocds", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule domainUsesNoFrameworkTypes = noClasses().that().resideInAnyPackage("org.inocds.rules..", "org.inocds.regimen..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "ca.uhn..", "org.hl7..", "com.fasterxml..",
                    "jakarta.servlet..", "java.net.http..", "com.nimbusds..")
            .because("each rule reads like its row in the rule catalogue and is tested without a server");

    @ArchTest
    static final ArchRule domainKnowsNoOuterLayer = noClasses().that().resideInAnyPackage("org.inocds.rules..", "org.inocds.regimen..")
            .should().dependOnClassesThat().resideInAnyPackage("org.inocds.cdshooks..", "org.inocds.prefetch..", "org.inocds.cards..",
                    "org.inocds.sandbox..", "org.inocds.feedback..", "org.inocds.security..", "org.inocds.config..", "org.inocds.json..")
            .because("data flows one way: HTTP → cdshooks → prefetch → record → regimen → rules → cards");

    @ArchTest
    static final ArchRule regimenDoesNotReachUpToRules = noClasses().that().resideInAPackage("org.inocds.regimen..")
            .should().dependOnClassesThat().resideInAPackage("org.inocds.rules..");

    @ArchTest
    static final ArchRule recordDoesNotKnowTheRules = noClasses().that().resideInAPackage("org.inocds.record..")
            .should().dependOnClassesThat().resideInAnyPackage("org.inocds.rules..", "org.inocds.cards..", "org.inocds.config..")
            .because("facts are read without knowing which rule wants them");
}
