package org.inocds.reader;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;

/**
 * How a page names the patient it is about (the timeline's header), from the Patient resource gathered: the name the EHR
 * uses (its text, else given and family), and where JP Core writes a kanji name with its reading (the ISO 21090
 * representations IDE and SYL), the kana after it. The rules never read a name; only pages a clinician reads do.
 */
public final class PatientName {

    static final String REPRESENTATION = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";

    private static final FhirBinder BINDER = new FhirBinder(FhirContext.forR4Cached());

    private PatientName() {}

    /** The patient's name ("山田 花子（ヤマダ ハナコ）", "Olivia Harper"); empty when the data hold no named Patient. */
    public static Optional<String> of(PatientData data) {
        return data.resources().stream()
                .filter(r -> "Patient".equals(r.path("resourceType").asText()) && data.patientId().equals(r.path("id").asText()))
                .findFirst().flatMap(r -> BINDER.bind(r, Patient.class)).flatMap(PatientName::of);
    }

    static Optional<String> of(Patient patient) {
        List<HumanName> names = patient.getName().stream().filter(n -> n.getUse() != HumanName.NameUse.OLD).toList();
        Optional<String> main = names.stream().filter(n -> !"SYL".equals(representation(n))).map(PatientName::written)
                .flatMap(Optional::stream).findFirst();
        Optional<String> kana = names.stream().filter(n -> "SYL".equals(representation(n))).map(PatientName::written)
                .flatMap(Optional::stream).findFirst();
        return main.map(m -> kana.map(k -> m + "（" + k + "）").orElse(m)).or(() -> kana);
    }

    private static String representation(HumanName name) {
        var extension = name.getExtensionByUrl(REPRESENTATION);
        return extension == null || extension.getValue() == null ? "" : extension.getValue().primitiveValue();
    }

    private static Optional<String> written(HumanName name) {
        if (name.hasText() && !name.getText().isBlank()) {
            return Optional.of(name.getText().strip());
        }
        String given = name.getGivenAsSingleString();
        String family = name.hasFamily() ? name.getFamily() : "";
        // a Japanese name (IDE, SYL) is written family first; a Latin one given first
        String whole = (representation(name).isEmpty() ? given + " " + family : family + " " + given).strip();
        return whole.isEmpty() ? Optional.empty() : Optional.of(whole);
    }
}
