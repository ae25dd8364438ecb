package org.inocds.reader;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.inocds.knowledge.CodeSets;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;

/**
 * Condition, Procedure, ServiceRequest and CarePlan → {@link ClinicalFact}: diagnoses with their clinical
 * status, HSCT planned or done, platelet transfusions. Refuted and entered-in-error records are left out.
 */
final class ClinicalFactReader {

    /** ICD-10(-CM) "acute lymphoblastic leukaemia, in remission" (the label digest "Regimen"). */
    private static final String ALL_IN_REMISSION = "C91.01";

    private final CodeSets codeSets;
    private final FhirDates dates;

    ClinicalFactReader(CodeSets codeSets, FhirDates dates) {
        this.codeSets = codeSets;
        this.dates = dates;
    }

    void read(Condition c, List<ClinicalFact> facts) {
        String verification = c.getVerificationStatus().getCodingFirstRep().getCode();
        if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
            return;
        }
        String clinical = c.getClinicalStatus().getCodingFirstRep().getCode();
        ClinicalFact.Status status = switch (clinical == null ? "active" : clinical) {
            case "remission" -> ClinicalFact.Status.REMISSION;
            case "inactive", "resolved" -> ClinicalFact.Status.RESOLVED;
            default -> ClinicalFact.Status.ACTIVE;
        };
        if (c.getCode().getCoding().stream().anyMatch(x -> ALL_IN_REMISSION.equals(x.getCode()))) {
            status = ClinicalFact.Status.REMISSION;
        }
        Optional<LocalDate> date = status == ClinicalFact.Status.REMISSION && c.hasRecordedDate()
                ? Optional.of(dates.localDate(c.getRecordedDateElement()))
                : dates.dateOf(c.getOnset()).or(() -> c.hasRecordedDate()
                        ? Optional.of(dates.localDate(c.getRecordedDateElement())) : Optional.empty());
        add(c.getCode(), status, date, "Condition/" + c.getIdElement().getIdPart(), facts);
    }

    void read(Procedure p, List<ClinicalFact> facts) {
        ClinicalFact.Status status = switch (p.getStatus() == null ? "unknown" : p.getStatus().toCode()) {
            case "completed", "in-progress" -> ClinicalFact.Status.DONE;
            case "preparation", "on-hold" -> ClinicalFact.Status.PLANNED;
            default -> null;
        };
        if (status != null) {
            add(p.getCode(), status, dates.dateOf(p.getPerformed()), "Procedure/" + p.getIdElement().getIdPart(), facts);
        }
    }

    void read(ServiceRequest s, List<ClinicalFact> facts) {
        ClinicalFact.Status status = switch (s.getStatus() == null ? "unknown" : s.getStatus().toCode()) {
            case "draft", "active", "on-hold" -> ClinicalFact.Status.PLANNED;
            case "completed" -> ClinicalFact.Status.DONE;
            default -> null;
        };
        if (status != null) {
            Optional<LocalDate> date = dates.dateOf(s.getOccurrence()).or(() -> s.hasAuthoredOn()
                    ? Optional.of(dates.localDate(s.getAuthoredOnElement())) : Optional.empty());
            add(s.getCode(), status, date, "ServiceRequest/" + s.getIdElement().getIdPart(), facts);
        }
    }

    void read(CarePlan plan, List<ClinicalFact> facts) {
        String status = plan.getStatus() == null ? "" : plan.getStatus().toCode();
        if (!status.equals("active") && !status.equals("draft") && !status.equals("on-hold")) {
            return;
        }
        String ref = "CarePlan/" + plan.getIdElement().getIdPart();
        for (var activity : plan.getActivity()) {
            add(activity.getDetail().getCode(), ClinicalFact.Status.PLANNED, dates.dateOf(activity.getDetail().getScheduled()), ref, facts);
        }
        for (var category : plan.getCategory()) {
            add(category, ClinicalFact.Status.PLANNED, dates.dateOf(plan.getPeriod()), ref, facts);
        }
    }

    private void add(CodeableConcept fhirCode, ClinicalFact.Status status, Optional<LocalDate> date, String ref, List<ClinicalFact> facts) {
        CodedConcept code = CodedConcept.of(fhirCode);
        for (ClinicalConcept concept : ClinicalConcept.values()) {
            if (concept == ClinicalConcept.CD22 || concept == ClinicalConcept.PERIPHERAL_BLASTS_DETECTED) { // results, read by LabReader
                continue;
            }
            if (concept == ClinicalConcept.EXTRAMEDULLARY_DISEASE) {
                String text = code.display().toLowerCase(Locale.ROOT);
                boolean listed = codeSets.find(concept.valueSetUrl()).map(set -> code.in(set)).orElse(false);
                if (listed || text.contains("extramedullary") || text.contains("髄外")) {
                    facts.add(new ClinicalFact(concept, status, date, code.display(), ref));
                }
                continue;
            }
            if (code.in(codeSets.get(concept.valueSetUrl()))) {
                facts.add(new ClinicalFact(concept, status, date, code.display(), ref));
            }
        }
    }

}
