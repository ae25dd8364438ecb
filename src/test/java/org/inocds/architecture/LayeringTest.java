package org.inocds.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ca.uhn.fhir.parser.IParser;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.inocds.rules.Rule;

/**
 * The layers of ARCHITECTURE.md, enforced. The domain never imports transport: the facts ({@code record}), the regimen
 * and the rules are plain Java on plain value types — no HTTP, Spring, FHIR or JSON types — and know nothing of the
 * layers that call them. FHIR is read into those facts at the edge ({@code reader}); settings are one typed tree
 * ({@code settings}) that only the wiring ({@code config}) turns into the rules' view. No two packages depend on each
 * other, however indirectly.
 */
@AnalyzeClasses(packages = "org.inocds", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String[] FRAMEWORKS = {"org.springframework..", "ca.uhn..", "org.hl7..", "com.fasterxml..", "jakarta.servlet..",
        "java.net.http..", "com.nimbusds..", "org.fhir.ucum..", "org.apache.hc..", "org.commonmark.."};

    @ArchTest
    static final ArchRule domainUsesNoFrameworkTypes = noClasses().that()
            .resideInAnyPackage("org.inocds.rules..", "org.inocds.regimen..", "org.inocds.record..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("each rule reads like its row in the rule catalogue and is tested without a server");

    @ArchTest
    static final ArchRule domainKnowsNoOuterLayer = noClasses().that()
            .resideInAnyPackage("org.inocds.rules..", "org.inocds.regimen..", "org.inocds.record..")
            .should().dependOnClassesThat().resideInAnyPackage("org.inocds.cdshooks..", "org.inocds.prefetch..", "org.inocds.cards..",
                    "org.inocds.sandbox..", "org.inocds.feedback..", "org.inocds.security..", "org.inocds.config..", "org.inocds.json..",
                    "org.inocds.reader..", "org.inocds.knowledge..", "org.inocds.settings..", "org.inocds.observability..")
            .because("data flows one way: HTTP → cdshooks → prefetch → reader → record → regimen → rules → cards");

    @ArchTest
    static final ArchRule regimenDoesNotReachUpToRules = noClasses().that().resideInAPackage("org.inocds.regimen..")
            .should().dependOnClassesThat().resideInAPackage("org.inocds.rules..");

    @ArchTest
    static final ArchRule recordIsTheBottom = noClasses().that().resideInAPackage("org.inocds.record..")
            .should().dependOnClassesThat().resideInAnyPackage("org.inocds.regimen..", "org.inocds.rules..")
            .because("facts are read without knowing which rule wants them");

    @ArchTest
    static final ArchRule readerKnowsNoRule = noClasses().that().resideInAPackage("org.inocds.reader..")
            .should().dependOnClassesThat().resideInAnyPackage("org.inocds.rules..", "org.inocds.cards..", "org.inocds.cdshooks..",
                    "org.inocds.prefetch..", "org.inocds.config..")
            .because("the FHIR reader turns fetched resources into facts, whoever fetched them and whatever reads them");

    @ArchTest
    static final ArchRule knowledgeIsNotFhirReading = noClasses().that().resideInAPackage("org.inocds.knowledge..")
            .should().dependOnClassesThat().resideInAnyPackage("org.inocds.reader..", "ca.uhn..", "org.hl7..")
            .because("code sets and units are the service's knowledge, whoever reads them; reading FHIR (ValueSets too) is the reader's job");

    /** A call of HAPI's parser that reads a resource (parseResource, parseInto…), as opposed to one that writes it. */
    private static final DescribedPredicate<JavaMethodCall> HAPI_READS_A_RESOURCE = DescribedPredicate.describe(
            "HAPI's parser reading a resource", call -> call.getTargetOwner().isAssignableTo(IParser.class)
                    && call.getName().startsWith("parse"));

    @ArchTest
    static final ArchRule onlyTheReaderReadsFhir = noClasses().that().resideOutsideOfPackages("org.inocds.reader..", "org.inocds.sandbox..")
            .should().callMethodWhere(HAPI_READS_A_RESOURCE)
            .because("one FHIR reading path: a resource is read into HAPI's model by the reader (FhirBinder, ValueSetReader);"
                    + " the sandbox is a FHIR server of its own");

    @ArchTest
    static final ArchRule onlyTheWiringKnowsTheWiring = noClasses().that().resideOutsideOfPackage("org.inocds.config..")
            .and().resideOutsideOfPackage("org.inocds")
            .should().dependOnClassesThat().resideInAPackage("org.inocds.config..")
            .because("config is the top: it builds the rest from the settings");

    @ArchTest
    static final ArchRule theEngineKnowsNoFamily = noClasses().that().resideInAPackage("org.inocds.rules")
            .should().dependOnClassesThat().resideInAPackage("org.inocds.rules.family..")
            .because("the engine (RuleBook, PatientReview, StopPrecedence, RuleContext, Finding) runs the families as Rules and "
                    + "names a rule only by its declaration (RuleId); the families depend on it, never the other way");

    @ArchTest
    static final ArchRule familiesAreRulesOfTheCatalogue = classes().that().resideInAPackage("org.inocds.rules.family")
            .and().haveSimpleNameEndingWith("Rule").should().implement(Rule.class)
            .because("one class per family of the rule catalogue, run by the rule book");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.inocds.(*)..").should().beFreeOfCycles();
}
