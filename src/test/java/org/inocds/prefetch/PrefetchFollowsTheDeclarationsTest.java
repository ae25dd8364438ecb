package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.inocds.knowledge.CodeSets;
import org.inocds.reader.ValueSetReader;
import org.inocds.record.RecordPart;
import org.inocds.rules.RuleId;
import org.junit.jupiter.api.Test;

/**
 * The prefetch asks for what the rules read, and nothing else: one template per part of the record that some rule
 * declares it reads ({@code rules/RuleId}), so that a rule starting to read a part is fetched, and a template no rule
 * reads is not fetched for nothing.
 */
class PrefetchFollowsTheDeclarationsTest {

    @Test
    void oneTemplatePerPartTheRulesRead() throws IOException {
        FhirContext fhir = FhirContext.forR4Cached();
        var templates = new PrefetchTemplates(ValueSetReader.codeSets(fhir, List.of("classpath:fhir-resources/knowledge/*.json")));
        List<String> read = Arrays.stream(RecordPart.values()).filter(p -> !RuleId.reading(p).isEmpty()).map(RecordPart::key).toList();
        assertThat(templates.all().keySet()).containsExactlyInAnyOrderElementsOf(read);
    }
}
