package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the timeline's header names the patient, from the Patient resource as the EHR wrote it. */
class PatientNameTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<String> nameOf(String patientJson) throws Exception {
        var patient = (ObjectNode) JSON.readTree(patientJson);
        return PatientName.of(new PatientData("p1", Map.of("patient", new PrefetchOutcome("patient", PrefetchOutcome.Status.FETCHED,
                List.of(patient), Optional.empty()))));
    }

    @Test
    void aJpCoreNameIsWrittenInKanjiWithItsKana() throws Exception {
        assertThat(nameOf("""
                {"resourceType":"Patient","id":"p1","name":[
                 {"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"IDE"}],
                  "family":"山田","given":["花子"]},
                 {"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation","valueCode":"SYL"}],
                  "text":"ヤマダ ハナコ","family":"ヤマダ","given":["ハナコ"]}]}""")).contains("山田 花子（ヤマダ ハナコ）");
    }

    @Test
    void aLatinNameIsGivenThenFamilyUnlessItsTextSaysOtherwise() throws Exception {
        assertThat(nameOf("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"Miller\",\"given\":[\"John\",\"Paul\"]}]}"))
                .contains("John Paul Miller");
        assertThat(nameOf("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"use\":\"old\",\"text\":\"Jane Doe\"},"
                + "{\"text\":\"Jane Smith\",\"family\":\"Smith\",\"given\":[\"Jane\"]}]}")).contains("Jane Smith");
    }

    @Test
    void noNameOrAnotherPatientIsNoName() throws Exception {
        assertThat(nameOf("{\"resourceType\":\"Patient\",\"id\":\"p1\"}")).isEmpty();
        assertThat(nameOf("{\"resourceType\":\"Patient\",\"id\":\"p2\",\"name\":[{\"text\":\"Someone Else\"}]}")).isEmpty();
    }
}
