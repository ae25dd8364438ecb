package org.inocds.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.inocds.record.ChartText;

/**
 * Chart words stay {@link ChartText} from the record to the card (issue 22, defect 4): no rule or regimen code unwraps
 * one back into a String, which a finding would then carry as our own words; only the card layer reads it, to escape it
 * ({@code cards/CardText}). A finding or phrase refuses a String value ({@code rules/CardValues}).
 */
@AnalyzeClasses(packages = "org.inocds", importOptions = ImportOption.DoNotIncludeTests.class)
class ChartTextStaysTypedTest {

    @ArchTest
    static final ArchRule theDomainNeverUnwrapsChartText = noClasses().that()
            .resideInAnyPackage("org.inocds.rules..", "org.inocds.regimen..")
            .should().callMethod(ChartText.class, "raw")
            .because("a rule hands chart words on as ChartText, so the card escapes them");
}
