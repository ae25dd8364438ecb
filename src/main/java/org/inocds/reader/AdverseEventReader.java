package org.inocds.reader;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.ClinicalConcept;

/**
 * AdverseEvents as the toxicity and infusion-reaction rules read them (TOX-1, INF-1, INF-2): the CTCAE grade, whether it
 * is ongoing, serious, a blood-count event or an infusion reaction.
 */
final class AdverseEventReader {

    static final String SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";

    /** The HL7 AE Clinical Research IG grade extension (R4 backport, and the R5 IG's url). */
    static final List<String> AE_GRADE_EXTENSIONS = List.of(
            "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade",
            "http://hl7.org/fhir/uv/ae-research-ig/StructureDefinition/ae-grade");

    /** A CTCAE grade code: 0 to 5 (made once, not per resource). */
    private static final Pattern GRADE = Pattern.compile("[0-5]");

    private final CodeSets codeSets;
    private final FhirDates dates;

    AdverseEventReader(CodeSets codeSets, FhirDates dates) {
        this.codeSets = codeSets;
        this.dates = dates;
    }

    Optional<AdverseEventFact> read(AdverseEvent ae) {
        if (ae.getActuality() == AdverseEvent.AdverseEventActuality.POTENTIAL) {
            return Optional.empty();
        }
        Optional<Integer> grade = Optional.empty();
        for (String url : AE_GRADE_EXTENSIONS) {
            var ext = ae.getExtensionByUrl(url);
            if (ext != null && ext.getValue() instanceof CodeableConcept cc) {
                grade = cc.getCoding().stream().map(Coding::getCode)
                        .filter(c -> c != null && GRADE.matcher(c).matches()).map(Integer::valueOf).findFirst();
            }
        }
        boolean fromSeverity = false;
        if (grade.isEmpty() && ae.hasSeverity()) {
            String sev = ae.getSeverity().getCodingFirstRep().getCode();
            // no grade stated: the severity stands in for it (mild 1, moderate 2, severe 3: ours, the label digest "Units and
            // thresholds"), and the card says the grade came from the severity
            grade = Optional.ofNullable(switch (sev == null ? "" : sev) {
                case "mild" -> 1;
                case "moderate" -> 2;
                case "severe" -> 3;
                default -> null;
            });
            fromSeverity = grade.isPresent();
        }
        String outcome = ae.getOutcome().getCodingFirstRep().getCode();
        boolean ongoing = outcome == null || !(outcome.equals("resolved") || outcome.equals("resolvedWithSequelae") || outcome.equals("fatal"));
        var code = CodedConcept.of(ae.getEvent());
        boolean hematologic = code.in(codeSets.get(ClinicalConcept.HEMATOLOGIC_EVENT.valueSetUrl()));
        String name = code.display().toLowerCase(Locale.ROOT);
        boolean infusion = code.in(codeSets.get(ClinicalConcept.INFUSION_REACTION.valueSetUrl()))
                || name.contains("infusion") || name.contains("インフュージョン") || name.contains("輸注反応");
        // R4 adverse-event-seriousness codes are "Serious" and "Non-serious", compared as written (code systems are case-sensitive)
        boolean serious = ae.getSeriousness().getCoding().stream().anyMatch(c -> SERIOUSNESS.equals(c.getSystem()) && "Serious".equals(c.getCode()));
        Optional<LocalDate> date = ae.hasDate() ? Optional.of(dates.localDate(ae.getDateElement())) : Optional.empty();
        String key = ae.getEvent().getCodingFirstRep().getSystem() + "|" + ae.getEvent().getCodingFirstRep().getCode();
        return Optional.of(new AdverseEventFact(code.display(), grade, fromSeverity, ongoing, date, hematologic,
                infusion, serious, key, "AdverseEvent/" + ae.getIdElement().getIdPart()));
    }
}
