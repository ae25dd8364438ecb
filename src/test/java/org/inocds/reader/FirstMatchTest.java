package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.inocds.record.Analyte;
import org.junit.jupiter.api.Test;

/**
 * The analyte index answers what asking each analyte's code set in turn answers, for every listed code, every code a
 * site's prefix covers, codes in no set, and concepts carrying two codings of different analytes (the first analyte in
 * order wins, whichever coding comes first).
 */
class FirstMatchTest {

    @Test
    void answersAsAskingEachSetInTurn() throws Exception {
        CodeSets codeSets = ValueSetReader.codeSets(FhirContext.forR4Cached(), List.of("classpath:fhir-resources/knowledge/*.json"));
        var sets = new LinkedHashMap<Analyte, CodeSet>();
        for (Analyte a : Analyte.values()) {
            sets.put(a, codeSets.get(a.valueSetUrl()));
        }
        var index = new FirstMatch<>(sets);

        List<CodedConcept.Code> codes = new ArrayList<>();
        int prefixes = 0;
        for (CodeSet set : sets.values()) {
            for (String sc : set.systemAndCodes()) {
                codes.add(new CodedConcept.Code(sc.substring(0, sc.indexOf('|')), sc.substring(sc.indexOf('|') + 1), null));
            }
            for (CodeSet.Prefix p : set.prefixes()) {
                codes.add(new CodedConcept.Code(p.system(), p.prefix() + "0000", null));
                codes.add(new CodedConcept.Code(p.system(), p.prefix().substring(0, p.prefix().length() - 1), null));
                prefixes++;
            }
        }
        codes.add(new CodedConcept.Code("http://loinc.org", "0000-0", null));
        codes.add(new CodedConcept.Code(null, "751-8", null));
        codes.add(new CodedConcept.Code("http://loinc.org", null, null));
        assertThat(codes).hasSizeGreaterThan(25);
        assertThat(prefixes).as("the knowledge has prefix rules to check").isPositive();

        int matched = 0;
        for (CodedConcept.Code one : codes) {
            for (CodedConcept.Code two : codes) {
                for (List<CodedConcept.Code> codings : Set.of(List.of(one), List.of(one, two))) {
                    var concept = new CodedConcept(codings, null);
                    Optional<Analyte> expected = sets.entrySet().stream().filter(e -> concept.in(e.getValue()))
                            .map(e -> e.getKey()).findFirst();
                    assertThat(index.of(concept)).as("%s", codings).isEqualTo(expected);
                    matched += expected.isPresent() ? 1 : 0;
                }
            }
        }
        assertThat(matched).isGreaterThan(codes.size());
    }
}
