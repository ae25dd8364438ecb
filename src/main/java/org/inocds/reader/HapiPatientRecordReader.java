package org.inocds.reader;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.BodyMeasure;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DataIssue;
import org.inocds.record.DraftOrder;
import org.inocds.record.InotuzumabAllergy;
import org.inocds.record.InotuzumabDose;
import org.inocds.record.LabResult;
import org.inocds.record.OtherMedication;
import org.inocds.record.PatientRecord;
import org.inocds.record.ProductStrength;
import org.inocds.record.RecordPart;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the patient's FHIR resources: every resource bound into HAPI's model from the request's Jackson tree
 * ({@link FhirBinder}, no second parse of the text), save Observations of the common shape, read straight from the tree
 * ({@link ObservationTreeReader}: most of a long history, see {@link #readAll}); each is then handed to the reader of its
 * family — {@link LabReader} (laboratory Observations), {@link BodyMeasureReader}, {@link MedicationReader} (doses,
 * orders, other drugs, hypersensitivity), {@link ClinicalFactReader} (conditions, procedures, requests, plans),
 * {@link AdverseEventReader} — and gathered into the facts of {@link PatientRecord}.
 */
@Component
public class HapiPatientRecordReader implements PatientRecordReader {


    private final CodeSets codeSets;
    private final ProductStrength strength;
    private final Units units;
    /** HAPI's parser, binding each resource from its Jackson tree (no second parse of the text). */
    private final FhirBinder binder;
    /** Whether Observations of the common shape are read from the tree (false: the reference reading, all by HAPI's parser). */
    private final boolean direct;
    private final LabReader labReader;
    private final ClinicalFactReader factReader;
    private final BodyMeasureReader bodyReader;
    private final MedicationReader medicationReader;
    private final AdverseEventReader adverseEventReader;
    /** The site's calendar days (inocds.site.time-zone): every date read is the site's day of its moment. */
    private final FhirDates dates;

    /** @param siteZone the site's time zone ({@code inocds.site.time-zone}), whose calendar days every date is read in */
    public HapiPatientRecordReader(FhirContext fhir, CodeSets codeSets, Units units, ZoneId siteZone) {
        this(fhir, codeSets, units, ProductStrength.LABEL, siteZone);
    }

    @Autowired
    public HapiPatientRecordReader(FhirContext fhir, CodeSets codeSets, Units units, ProductStrength strength, ZoneId siteZone) {
        this(fhir, codeSets, units, strength, siteZone, true);
    }

    /** @param direct whether Observations of the common shape are read from the tree (false: the reference reading, all by HAPI's parser) */
    HapiPatientRecordReader(FhirContext fhir, CodeSets codeSets, Units units, ProductStrength strength, ZoneId siteZone, boolean direct) {
        this.direct = direct;
        this.dates = new FhirDates(siteZone);
        this.strength = strength;
        this.codeSets = codeSets;
        this.units = units;
        this.labReader = new LabReader(codeSets, units);
        this.factReader = new ClinicalFactReader(codeSets, dates);
        this.bodyReader = new BodyMeasureReader(codeSets, units);
        this.medicationReader = new MedicationReader(codeSets, units, strength, dates);
        this.adverseEventReader = new AdverseEventReader(codeSets, dates);
        this.binder = new FhirBinder(fhir);
    }

    @Override
    public PatientRecord read(PatientData data) {
        List<DataIssue> issues = new ArrayList<>();
        // Observations as LabObservation, every other resource in HAPI's model: one list, in the order received
        List<Object> resources = readAll(data.resources(), issues);
        Map<String, Medication> medications = medications(resources);
        var matcher = new MedicationMatcher(codeSets.get(CodeSets.INOTUZUMAB), medications);

        Optional<LocalDate> birthDate = Optional.empty();
        PatientRecord.Sex sex = PatientRecord.Sex.UNKNOWN;
        List<BodyMeasure> heights = new ArrayList<>();
        List<BodyMeasure> weights = new ArrayList<>();
        List<BodyMeasure> bsas = new ArrayList<>();
        List<InotuzumabDose> administered = new ArrayList<>();
        List<InotuzumabDose> completedRequests = new ArrayList<>();
        List<LabResult> labs = new ArrayList<>();
        List<ClinicalFact> facts = new ArrayList<>();
        List<OtherMedication> others = new ArrayList<>();
        List<InotuzumabAllergy> allergies = new ArrayList<>();
        List<AdverseEventFact> events = new ArrayList<>();
        List<String> unresolvedAdministrations = new ArrayList<>();
        List<String> unresolvedRequests = new ArrayList<>();

        for (Object resource : resources) {
            if (resource instanceof Patient p) {
                if (p.hasBirthDate()) {
                    birthDate = Optional.of(dates.localDate(p.getBirthDateElement()));
                }
                sex = sexOf(p);
            } else if (resource instanceof LabObservation o && o.counts()) {
                bodyReader.read(o, CodeSets.BODY_HEIGHT, "cm", heights, issues);
                bodyReader.read(o, CodeSets.BODY_WEIGHT, "kg", weights, issues);
                bodyReader.read(o, CodeSets.BODY_SURFACE_AREA, "m2", bsas, issues);
                labReader.read(o, labs, facts, issues);
            } else if (resource instanceof MedicationAdministration ma) {
                var unresolved = matcher.unresolved(ma.getMedication(), ma.getContained());
                if (unresolved.isPresent()) {
                    unresolvedAdministrations.add("MedicationAdministration/" + ma.getIdElement().getIdPart() + " → " + unresolved.get());
                } else if (matcher.match(ma.getMedication(), ma.getContained()) != MedicationMatcher.Match.NONE) {
                    medicationReader.administration(ma, matcher).ifPresent(administered::add);
                } else {
                    medicationReader.otherAdministration(ma, matcher).ifPresent(others::add);
                }
            } else if (resource instanceof MedicationRequest mr) {
                var unresolved = matcher.unresolved(mr.getMedication(), mr.getContained());
                if (unresolved.isPresent()) {
                    unresolvedRequests.add("MedicationRequest/" + mr.getIdElement().getIdPart() + " → " + unresolved.get());
                } else if (matcher.match(mr.getMedication(), mr.getContained()) != MedicationMatcher.Match.NONE) {
                    if (mr.getStatus() == MedicationRequest.MedicationRequestStatus.COMPLETED) {
                        medicationReader.completedRequest(mr, matcher).ifPresent(completedRequests::add);
                    }
                } else {
                    medicationReader.otherRequest(mr, matcher).ifPresent(others::add);
                }
            } else if (resource instanceof Condition c) {
                factReader.read(c, facts);
            } else if (resource instanceof Procedure p) {
                factReader.read(p, facts);
            } else if (resource instanceof ServiceRequest sr) {
                factReader.read(sr, facts);
            } else if (resource instanceof CarePlan cp) {
                factReader.read(cp, facts);
            } else if (resource instanceof AllergyIntolerance ai) {
                medicationReader.allergy(ai, matcher).ifPresent(allergies::add);
            } else if (resource instanceof AdverseEvent ae) {
                adverseEventReader.read(ae).ifPresent(events::add);
            }
        }
        LabReader.deriveFromDifferential(labs);
        // the label digest "Regimen": completed MedicationRequests stand in for administrations only where there are none.
        List<InotuzumabDose> doses = administered.isEmpty() ? completedRequests : administered;
        issues.addAll(prefetchIssues(data));
        // issue 26: a dose-history entry whose medication could not be resolved may be an inotuzumab dose; the part it came
        // from is then as unknown as a failed fetch (DQ-2 on its key): the course is never taken for a first dose
        unresolvedIssue(RecordPart.MEDICATION_ADMINISTRATIONS, unresolvedAdministrations).ifPresent(issues::add);
        unresolvedIssue(RecordPart.MEDICATION_REQUESTS, unresolvedRequests).ifPresent(issues::add);
        return new PatientRecord(data.patientId(), birthDate, sex, heights, weights, bsas, doses, labs, facts, others,
                allergies, events, issues);
    }

    @Override
    public List<DraftOrder> readDraftOrders(ObjectNode draftOrders, List<ObjectNode> moreMedications, LocalDate today) {
        List<DataIssue> ignored = new ArrayList<>();
        Map<String, Medication> medications = new HashMap<>();
        // Medications of the prefetch or read from the FHIR server; those in the Bundle itself come after and win
        for (ObjectNode node : moreMedications) {
            binder.bind(node).filter(Medication.class::isInstance).map(Medication.class::cast)
                    .ifPresent(m -> medications.put(m.getIdElement().getIdPart(), m));
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (JsonNode entry : draftOrders.path("entry")) {
            if (entry.get("resource") instanceof ObjectNode r) {
                entries.add(r);
            }
        }
        List<Resource> bound = bindAll(entries, ignored);
        // Medications sent inside the draft-orders Bundle count too.
        bound.stream().filter(Medication.class::isInstance).map(Medication.class::cast)
                .forEach(m -> medications.put(m.getIdElement().getIdPart(), m));
        var matcher = new MedicationMatcher(codeSets.get(CodeSets.INOTUZUMAB), medications);
        List<DraftOrder> orders = new ArrayList<>();
        for (Resource resource : bound) {
            if (resource instanceof MedicationRequest mr) {
                orders.add(medicationReader.draftOrder(mr, matcher, today));
            }
        }
        return orders;
    }

    @Override
    public List<ClinicalFact> readDraftFacts(ObjectNode draftOrders) {
        List<DataIssue> ignored = new ArrayList<>();
        List<ObjectNode> entries = new ArrayList<>();
        for (JsonNode entry : draftOrders.path("entry")) {
            if (entry.get("resource") instanceof ObjectNode r && "ServiceRequest".equals(r.path("resourceType").asText())) {
                entries.add(r);
            }
        }
        List<ClinicalFact> facts = new ArrayList<>();
        for (Resource r : bindAll(entries, ignored)) {
            factReader.read((ServiceRequest) r, facts);
        }
        return facts;
    }

    private static Optional<DataIssue> unresolvedIssue(RecordPart part, List<String> entries) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        String shown = String.join("; ", entries.subList(0, Math.min(5, entries.size())))
                + (entries.size() > 5 ? "; +" + (entries.size() - 5) : "");
        return Optional.of(DataIssue.ofPart(DataIssue.Kind.MEDICATION_UNRESOLVED, part, part.key(), shown));
    }

    private static PatientRecord.Sex sexOf(Patient p) {
        if (!p.hasGender()) {
            return PatientRecord.Sex.UNKNOWN;
        }
        return switch (p.getGender()) {
            case FEMALE -> PatientRecord.Sex.FEMALE;
            case MALE -> PatientRecord.Sex.MALE;
            case OTHER -> PatientRecord.Sex.OTHER;
            default -> PatientRecord.Sex.UNKNOWN;
        };
    }

    /** DQ-2 for data the EHR or the FHIR server failed to give, DQ-3 for data cut at the page cap. */
    private static List<DataIssue> prefetchIssues(PatientData data) {
        List<DataIssue> issues = new ArrayList<>();
        for (var outcome : data.incomplete()) {
            boolean failed = outcome.status() == PrefetchOutcome.Status.FAILED;
            // what failed only: the rules' own declarations say which rules that leaves unevaluated
            issues.add(new DataIssue(failed ? DataIssue.Kind.FETCH_FAILED : DataIssue.Kind.TRUNCATED, RecordPart.ofKey(outcome.key()),
                    Optional.empty(), outcome.key(), outcome.problem().orElse("")));
        }
        return issues;
    }

    private static Map<String, Medication> medications(List<Object> resources) {
        Map<String, Medication> byRef = new HashMap<>();
        for (Object r : resources) {
            if (r instanceof Medication m) {
                byRef.put(m.getIdElement().getIdPart(), m);
            }
        }
        return byRef;
    }

    /**
     * Each resource read, in HAPI's model by {@link FhirBinder} — the one reading path — save an Observation of the
     * common shape, read straight from its tree by {@link ObservationTreeReader} (not in the reference reading). This is
     * the one seam between the two: the A/B in {@code docs/performance.md} ("One FHIR reading path") keeps it for the
     * heavy call. An Observation bound by HAPI is then read from its model; a resource HAPI cannot read is reported
     * (DQ-2), not fatal.
     */
    private List<Object> readAll(List<ObjectNode> nodes, List<DataIssue> issues) {
        List<Object> out = new ArrayList<>(nodes.size());
        var observations = new ObservationTreeReader(dates);
        for (ObjectNode node : nodes) {
            if (direct && "Observation".equals(node.path("resourceType").textValue())) {
                Optional<LabObservation> read = observations.read(node);
                if (read.isPresent()) {
                    out.add(read.get());
                    continue;
                }
            }
            binder.bind(node).ifPresentOrElse(r -> out.add(r instanceof Observation o ? LabObservation.of(o, dates) : r),
                    () -> issues.add(unreadable(node)));
        }
        return out;
    }

    /** The draft Bundle's resources, each bound by HAPI. */
    private List<Resource> bindAll(List<ObjectNode> nodes, List<DataIssue> issues) {
        List<Resource> out = new ArrayList<>(nodes.size());
        for (ObjectNode node : nodes) {
            binder.bind(node).ifPresentOrElse(out::add, () -> issues.add(unreadable(node)));
        }
        return out;
    }

    private static DataIssue unreadable(ObjectNode node) {
        return DataIssue.of(DataIssue.Kind.RESOURCE_UNREADABLE, node.path("resourceType").asText("resource"),
                "not a valid FHIR R4 resource");
    }

}
