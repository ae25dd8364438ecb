package org.inocds.reader;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.BodyMeasure;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.CycleDay;
import org.inocds.record.DataIssue;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;
import org.inocds.record.InotuzumabAllergy;
import org.inocds.record.InotuzumabDose;
import org.inocds.record.LabResult;
import org.inocds.record.OtherMedication;
import org.inocds.record.PatientRecord;
import org.inocds.record.ProductStrength;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the patient's FHIR resources with HAPI: each resource is bound from the request's Jackson tree
 * directly (no second parse of the text), then reduced to the facts of {@link PatientRecord}.
 */
@Component
public class HapiPatientRecordReader implements PatientRecordReader {

    /** docs/design.md "Planned date": the regimen-cycle-day extension on a draft MedicationRequest. */
    public static final String CYCLE_DAY_EXTENSION = "http://inocds.org/fhir/StructureDefinition/regimen-cycle-day";

    static final String UCUM = "http://unitsofmeasure.org";
    static final String SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";

    private final CodeSets codeSets;
    private final ProductStrength strength;
    private final Units units;
    /** HAPI parsers are cheap but not shared across threads; one per thread, made once. */
    private final ThreadLocal<IParser> parser;
    private final boolean directObservations;
    private final LabReader labReader;
    private final ClinicalFactReader factReader;
    private final Map<DrugClass, CodeSet> drugClasses = new EnumMap<>(DrugClass.class);
    private final CodeSet intravenous;

    public HapiPatientRecordReader(FhirContext fhir, CodeSets codeSets, Units units) {
        this(fhir, codeSets, units, ProductStrength.LABEL);
    }

    @Autowired
    public HapiPatientRecordReader(FhirContext fhir, CodeSets codeSets, Units units, ProductStrength strength) {
        this(fhir, codeSets, units, strength, true);
    }

    /** @param directObservations whether Observations of the common shape skip HAPI's parser (false: the reference reading) */
    HapiPatientRecordReader(FhirContext fhir, CodeSets codeSets, Units units, ProductStrength strength, boolean directObservations) {
        this.directObservations = directObservations;
        this.strength = strength;
        this.codeSets = codeSets;
        this.units = units;
        this.labReader = new LabReader(codeSets, units);
        this.factReader = new ClinicalFactReader(codeSets);
        for (DrugClass c : DrugClass.values()) {
            drugClasses.put(c, codeSets.get(c.valueSetUrl()));
        }
        this.intravenous = codeSets.get(CodeSets.INTRAVENOUS_ROUTE);
        this.parser = ThreadLocal.withInitial(() -> fhir.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false)));
    }

    @Override
    public PatientRecord read(PatientData data) {
        List<DataIssue> issues = new ArrayList<>();
        List<Resource> resources = bindAll(data.resources(), issues);
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

        for (Resource resource : resources) {
            if (resource instanceof Patient p) {
                if (p.hasBirthDate()) {
                    birthDate = Optional.of(localDate(p.getBirthDateElement()));
                }
                sex = sexOf(p);
            } else if (resource instanceof Observation o && counts(o)) {
                bodyMeasure(o, CodeSets.BODY_HEIGHT, "cm", heights, issues);
                bodyMeasure(o, CodeSets.BODY_WEIGHT, "kg", weights, issues);
                bodyMeasure(o, CodeSets.BODY_SURFACE_AREA, "m2", bsas, issues);
                labReader.read(o, labs, facts, issues);
            } else if (resource instanceof MedicationAdministration ma) {
                if (matcher.match(ma.getMedication(), ma.getContained()) != MedicationMatcher.Match.NONE) {
                    administration(ma, matcher).ifPresent(administered::add);
                } else {
                    otherAdministration(ma).ifPresent(others::add);
                }
            } else if (resource instanceof MedicationRequest mr) {
                if (matcher.match(mr.getMedication(), mr.getContained()) != MedicationMatcher.Match.NONE) {
                    if (mr.getStatus() == MedicationRequest.MedicationRequestStatus.COMPLETED) {
                        completedRequest(mr).ifPresent(completedRequests::add);
                    }
                } else {
                    otherRequest(mr).ifPresent(others::add);
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
                allergy(ai, matcher).ifPresent(allergies::add);
            } else if (resource instanceof AdverseEvent ae) {
                adverseEvent(ae).ifPresent(events::add);
            }
        }
        LabReader.deriveFromDifferential(labs);
        // the label digest "Regimen": completed MedicationRequests stand in for administrations only where there are none.
        List<InotuzumabDose> doses = administered.isEmpty() ? completedRequests : administered;
        issues.addAll(prefetchIssues(data));
        return new PatientRecord(data.patientId(), birthDate, sex, heights, weights, bsas, doses, labs, facts, others,
                allergies, events, issues);
    }

    @Override
    public List<DraftOrder> readDraftOrders(ObjectNode draftOrders, LocalDate today) {
        List<DataIssue> ignored = new ArrayList<>();
        Map<String, Medication> medications = new HashMap<>();
        List<ObjectNode> entries = new ArrayList<>();
        for (JsonNode entry : draftOrders.path("entry")) {
            if (entry.get("resource") instanceof ObjectNode r) {
                entries.add(r);
            }
        }
        List<Resource> bound = bindAll(entries, ignored);
        // Medications sent inside the draft-orders Bundle count too.
        bound.stream().filter(Medication.class::isInstance).map(Medication.class::cast)
                .forEach(m -> medications.put("Medication/" + m.getIdElement().getIdPart(), m));
        var matcher = new MedicationMatcher(codeSets.get(CodeSets.INOTUZUMAB), medications);
        List<DraftOrder> orders = new ArrayList<>();
        for (Resource resource : bound) {
            if (resource instanceof MedicationRequest mr) {
                orders.add(draftOrder(mr, matcher, today));
            }
        }
        return orders;
    }

    /** An ingredient amount in mg: vials × mg per vial, mL of the reconstituted solution, or a mass unit through UCUM. */
    private Optional<BigDecimal> ingredientMg(Quantity amount) {
        if (!amount.hasValue()) {
            return Optional.empty();
        }
        String unit = amount.hasCode() ? amount.getCode() : amount.getUnit();
        if (ProductStrength.isVials(unit) || ProductStrength.isVials(amount.getUnit())) {
            return Optional.of(strength.mgOfVials(amount.getValue()));
        }
        if (ProductStrength.isMillilitres(unit)) {
            return Optional.of(strength.mgOfReconstitutedMl(amount.getValue()));
        }
        return toUnit(amount, "mg");
    }

    private DraftOrder draftOrder(MedicationRequest mr, MedicationMatcher matcher, LocalDate today) {
        var match = matcher.match(mr.getMedication(), mr.getContained());
        var classes = classesOf(mr.getMedication());
        Optional<BigDecimal> doseMg = Optional.empty();
        Optional<String> doseProblem = Optional.empty();
        Dosage dosage = mr.getDosageInstructionFirstRep();
        Optional<Quantity> ingredientAmount = match != MedicationMatcher.Match.NONE ? matcher.ingredientAmount(mr.getMedication(), mr.getContained())
                : Optional.empty();
        if (ingredientAmount.isPresent()) {
            // JP Core injection orders: the drug's amount is its ingredient's strength (vials or mL of the reconstituted
            // solution); the order's doseQuantity is the volume of the whole mix and is not the dose.
            doseMg = ingredientMg(ingredientAmount.get());
            if (doseMg.isEmpty()) {
                doseProblem = Optional.of("dose-unit");
            }
        } else if (!dosage.hasDoseAndRate() || !dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
            doseProblem = Optional.of("dose-missing");
        } else {
            Quantity q = dosage.getDoseAndRateFirstRep().getDoseQuantity();
            // a dose counted in vials is vials × mg per vial (1 mg: 組成・性状); mL stays unread here, as a plain order's
            // volume may be the whole diluted infusion rather than the drug
            boolean vials = ProductStrength.isVials(q.hasCode() ? q.getCode() : q.getUnit()) || ProductStrength.isVials(q.getUnit());
            doseMg = !q.hasValue() ? Optional.empty() : vials ? Optional.of(strength.mgOfVials(q.getValue())) : toUnit(q, "mg");
            if (doseMg.isEmpty()) {
                doseProblem = Optional.of(q.hasValue() ? "dose-unit" : "dose-missing");
            }
        }
        PlannedDate plannedDate = plannedDate(mr).orElse(new PlannedDate(today, DraftOrder.PlannedDateSource.TODAY));
        LocalDate planned = plannedDate.date();
        DraftOrder.PlannedDateSource source = plannedDate.source();
        return new DraftOrder(
                "MedicationRequest/" + mr.getIdElement().getIdPart(),
                match != MedicationMatcher.Match.NONE,
                medicationName(mr.getMedication()),
                classes.all(),
                route(dosage),
                infusionMinutes(dosage),
                doseMg,
                doseProblem,
                match == MedicationMatcher.Match.NAME_ONLY ? Optional.of("code-name-only") : Optional.empty(),
                planned,
                source,
                explicitPosition(mr),
                classes.byName());
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

    /** The HL7 AE Clinical Research IG grade extension (R4 backport, and the R5 IG's url). */
    static final List<String> AE_GRADE_EXTENSIONS = List.of(
            "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade",
            "http://hl7.org/fhir/uv/ae-research-ig/StructureDefinition/ae-grade");

    private Optional<AdverseEventFact> adverseEvent(AdverseEvent ae) {
        if (ae.getActuality() == AdverseEvent.AdverseEventActuality.POTENTIAL) {
            return Optional.empty();
        }
        Optional<Integer> grade = Optional.empty();
        for (String url : AE_GRADE_EXTENSIONS) {
            var ext = ae.getExtensionByUrl(url);
            if (ext != null && ext.getValue() instanceof CodeableConcept cc) {
                grade = cc.getCoding().stream().map(Coding::getCode)
                        .filter(c -> c != null && c.matches("[0-5]")).map(Integer::valueOf).findFirst();
            }
        }
        boolean fromSeverity = false;
        if (grade.isEmpty() && ae.hasSeverity()) {
            String sev = ae.getSeverity().getCodingFirstRep().getCode();
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
        var code = ae.getEvent();
        boolean hematologic = LabReader.matches(code, codeSets.get(ClinicalConcept.HEMATOLOGIC_EVENT.valueSetUrl()));
        String name = LabReader.display(code).toLowerCase(Locale.ROOT);
        boolean infusion = LabReader.matches(code, codeSets.get(ClinicalConcept.INFUSION_REACTION.valueSetUrl()))
                || name.contains("infusion") || name.contains("インフュージョン") || name.contains("輸注反応");
        // R4 adverse-event-seriousness codes are "Serious" and "Non-serious", compared as written (code systems are case-sensitive)
        boolean serious = ae.getSeriousness().getCoding().stream().anyMatch(c -> SERIOUSNESS.equals(c.getSystem()) && "Serious".equals(c.getCode()));
        Optional<LocalDate> date = ae.hasDate() ? Optional.of(localDate(ae.getDateElement())) : Optional.empty();
        String key = code.getCodingFirstRep().getSystem() + "|" + code.getCodingFirstRep().getCode();
        return Optional.of(new AdverseEventFact(LabReader.display(code), grade, fromSeverity, ongoing, date, hematologic,
                infusion, serious, key, "AdverseEvent/" + ae.getIdElement().getIdPart()));
    }

    private DraftOrder.Route route(Dosage dosage) {
        if (!dosage.hasRoute() || dosage.getRoute().getCoding().isEmpty()) {
            return DraftOrder.Route.unstated();
        }
        boolean iv = LabReader.matches(dosage.getRoute(), intravenous);
        return new DraftOrder.Route(iv ? DraftOrder.Route.Kind.INTRAVENOUS : DraftOrder.Route.Kind.NOT_INTRAVENOUS,
                LabReader.display(dosage.getRoute()));
    }

    /** timing.repeat.duration in minutes (h and min units); empty when not stated. */
    private static Optional<BigDecimal> infusionMinutes(Dosage dosage) {
        var repeat = dosage.getTiming().getRepeat();
        if (!repeat.hasDuration() || !repeat.hasDurationUnit()) {
            return Optional.empty();
        }
        return switch (repeat.getDurationUnit().toCode()) {
            case "min" -> Optional.of(repeat.getDuration());
            case "h" -> Optional.of(repeat.getDuration().multiply(BigDecimal.valueOf(60)));
            case "s" -> Optional.of(repeat.getDuration().divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP));
            default -> Optional.empty();
        };
    }

    /** The drug classes of a medication[x] by code, or failing any code match, by an ingredient name in its text or displays. */
    private DrugClassMatch classesOf(Type medication) {
        Set<DrugClass> all = EnumSet.noneOf(DrugClass.class);
        Set<DrugClass> byName = EnumSet.noneOf(DrugClass.class);
        if (medication instanceof CodeableConcept cc) {
            drugClasses.forEach((c, set) -> {
                if (LabReader.matches(cc, set)) {
                    all.add(c);
                } else if (set.namedIn(MedicationMatcher.textOf(cc))) {
                    all.add(c);
                    byName.add(c);
                }
            });
        }
        return new DrugClassMatch(all, byName);
    }

    /** Every class matched, and those of them matched only by name. */
    private record DrugClassMatch(Set<DrugClass> all, Set<DrugClass> byName) {}

    private static String medicationName(Type medication) {
        if (medication instanceof CodeableConcept cc) {
            return LabReader.display(cc);
        }
        if (medication instanceof Reference r) {
            return r.hasDisplay() ? r.getDisplay() : r.getReference();
        }
        return "";
    }

    private Optional<OtherMedication> otherRequest(MedicationRequest mr) {
        var status = mr.getStatus() == null ? "" : mr.getStatus().toCode();
        OtherMedication.Status s = switch (status) {
            case "active", "on-hold" -> OtherMedication.Status.ACTIVE;
            case "draft" -> OtherMedication.Status.DRAFT;
            case "completed" -> OtherMedication.Status.DONE;
            default -> null;
        };
        var classes = classesOf(mr.getMedication());
        if (s == null || classes.all().isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalDate> date = mr.hasAuthoredOn() ? Optional.of(localDate(mr.getAuthoredOnElement())) : Optional.empty();
        return Optional.of(new OtherMedication(medicationName(mr.getMedication()), classes.all(), s, date,
                "MedicationRequest/" + mr.getIdElement().getIdPart(), classes.byName()));
    }

    private Optional<OtherMedication> otherAdministration(MedicationAdministration ma) {
        var classes = classesOf(ma.getMedication());
        var status = ma.getStatus();
        if (classes.all().isEmpty() || status == null) {
            return Optional.empty();
        }
        OtherMedication.Status s = switch (status) {
            case COMPLETED, STOPPED -> OtherMedication.Status.DONE;
            case INPROGRESS, ONHOLD -> OtherMedication.Status.ACTIVE;
            default -> null;
        };
        if (s == null) {
            return Optional.empty();
        }
        Optional<LocalDate> date = ClinicalFactReader.dateOf(ma.getEffective());
        return Optional.of(new OtherMedication(medicationName(ma.getMedication()), classes.all(), s, date,
                "MedicationAdministration/" + ma.getIdElement().getIdPart(), classes.byName()));
    }

    private static Optional<InotuzumabAllergy> allergy(AllergyIntolerance ai, MedicationMatcher matcher) {
        String verification = ai.getVerificationStatus().getCodingFirstRep().getCode();
        if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
            return Optional.empty();
        }
        boolean inotuzumab = matcher.match(ai.getCode(), List.of()) != MedicationMatcher.Match.NONE
                || ai.getReaction().stream().anyMatch(r -> matcher.match(r.getSubstance(), List.of()) != MedicationMatcher.Match.NONE);
        if (!inotuzumab) {
            return Optional.empty();
        }
        boolean severe = ai.getCriticality() == AllergyIntolerance.AllergyIntoleranceCriticality.HIGH
                || ai.getReaction().stream().anyMatch(r -> r.getSeverity()
                        == AllergyIntolerance.AllergyIntoleranceSeverity.SEVERE);
        Optional<LocalDate> date = ClinicalFactReader.dateOf(ai.getOnset())
                .or(() -> ai.hasRecordedDate() ? Optional.of(localDate(ai.getRecordedDateElement())) : Optional.empty());
        return Optional.of(new InotuzumabAllergy(LabReader.display(ai.getCode()), severe, date,
                "AllergyIntolerance/" + ai.getIdElement().getIdPart()));
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

    private static Optional<CycleDay> explicitPosition(MedicationRequest mr) {
        Extension ext = mr.getExtensionByUrl(CYCLE_DAY_EXTENSION);
        if (ext == null) {
            return Optional.empty();
        }
        var cycle = ext.getExtensionByUrl("cycle");
        var day = ext.getExtensionByUrl("day");
        if (cycle == null || day == null
                || !(cycle.getValue() instanceof IntegerType c) || !(day.getValue() instanceof IntegerType d)
                || c.getValue() == null || d.getValue() == null || c.getValue() < 1 || d.getValue() < 1) {
            return Optional.empty();
        }
        return Optional.of(new CycleDay(c.getValue(), d.getValue()));
    }

    private Optional<InotuzumabDose> administration(MedicationAdministration ma, MedicationMatcher matcher) {
        var status = ma.getStatus();
        // the label digest "Regimen": only doses actually given count; a stopped infusion was given in part.
        if (status != MedicationAdministration.MedicationAdministrationStatus.COMPLETED
                && status != MedicationAdministration.MedicationAdministrationStatus.INPROGRESS
                && status != MedicationAdministration.MedicationAdministrationStatus.STOPPED) {
            return Optional.empty();
        }
        BaseDateTimeType when = ma.hasEffectiveDateTimeType() ? ma.getEffectiveDateTimeType()
                : ma.hasEffectivePeriod() ? ma.getEffectivePeriod().getStartElement() : null;
        if (when == null || when.getValue() == null) {
            return Optional.empty();
        }
        // JP Core injection administrations, like their orders, state the drug's amount on the contained Medication's
        // ingredient (vials, mL of the reconstituted solution or mg); dosage.dose is then the volume of the whole mix
        Optional<Quantity> ingredientAmount = matcher.ingredientAmount(ma.getMedication(), ma.getContained());
        Optional<BigDecimal> mg = ingredientAmount.isPresent() ? ingredientMg(ingredientAmount.get())
                : ma.getDosage().hasDose() ? toUnit(ma.getDosage().getDose(), "mg") : Optional.empty();
        boolean stopped = status == MedicationAdministration.MedicationAdministrationStatus.STOPPED;
        // the label digest "Regimen": a stopped infusion that never ran (0 mg, or no dose and a reason saying it was not started) is no dose
        if (stopped && (mg.filter(v -> v.signum() == 0).isPresent() || (mg.isEmpty() && saysNotStarted(ma)))) {
            return Optional.empty();
        }
        return Optional.of(new InotuzumabDose(localDate(when), mg, "MedicationAdministration/" + ma.getIdElement().getIdPart(), stopped));
    }

    private static final List<String> NOT_STARTED = List.of("not started", "not given", "never started", "not administered",
            "未投与", "投与せず", "投与なし", "開始せず", "未実施");

    /** The stop reason or a note says the infusion was never started. */
    private static boolean saysNotStarted(MedicationAdministration ma) {
        List<String> texts = new ArrayList<>();
        for (var reason : ma.getStatusReason()) {
            texts.add(reason.getText());
            reason.getCoding().forEach(c -> texts.add(c.getDisplay()));
        }
        ma.getNote().forEach(n -> texts.add(n.getText()));
        return texts.stream().filter(Objects::nonNull).map(t -> t.toLowerCase(Locale.ROOT))
                .anyMatch(t -> NOT_STARTED.stream().anyMatch(t::contains));
    }

    private Optional<InotuzumabDose> completedRequest(MedicationRequest mr) {
        Dosage dosage = mr.getDosageInstructionFirstRep();
        Optional<BigDecimal> mg = dosage.getDoseAndRateFirstRep().hasDoseQuantity()
                ? toUnit(dosage.getDoseAndRateFirstRep().getDoseQuantity(), "mg") : Optional.empty();
        return plannedDate(mr).map(when -> new InotuzumabDose(when.date(), mg, "MedicationRequest/" + mr.getIdElement().getIdPart()));
    }

    /** A MedicationRequest's date and where it was read from. */
    private record PlannedDate(LocalDate date, DraftOrder.PlannedDateSource source) {}

    /**
     * docs/design.md "Planned date", for a draft order and for a completed request alike: {@code timing.event[0]},
     * else {@code timing.repeat.boundsPeriod.start}, else {@code authoredOn}; empty when none is written.
     */
    private static Optional<PlannedDate> plannedDate(MedicationRequest mr) {
        var timing = mr.getDosageInstructionFirstRep().getTiming();
        if (timing.hasEvent() && timing.getEvent().get(0).getValue() != null) {
            return Optional.of(new PlannedDate(localDate(timing.getEvent().get(0)), DraftOrder.PlannedDateSource.TIMING_EVENT));
        }
        if (timing.hasRepeat() && timing.getRepeat().hasBoundsPeriod() && timing.getRepeat().getBoundsPeriod().getStartElement().getValue() != null) {
            return Optional.of(new PlannedDate(localDate(timing.getRepeat().getBoundsPeriod().getStartElement()),
                    DraftOrder.PlannedDateSource.BOUNDS_PERIOD_START));
        }
        if (mr.hasAuthoredOn() && mr.getAuthoredOnElement().getValue() != null) {
            return Optional.of(new PlannedDate(localDate(mr.getAuthoredOnElement()), DraftOrder.PlannedDateSource.AUTHORED_ON));
        }
        return Optional.empty();
    }

    private void bodyMeasure(Observation o, String codeSet, String unit, List<BodyMeasure> into, List<DataIssue> issues) {
        CodeSet set = codeSets.get(codeSet);
        if (o.getCode().getCoding().stream().noneMatch(c -> set.contains(c.getSystem(), c.getCode()))) {
            return;
        }
        Optional<LocalDate> date = observationDate(o);
        if (!(o.getValue() instanceof Quantity q) || !q.hasValue() || date.isEmpty()) {
            return;
        }
        String ref = "Observation/" + o.getIdElement().getIdPart();
        Optional<BigDecimal> value = toUnit(q, unit);
        if (value.isEmpty()) {
            issues.add(new DataIssue("DQ-1", "unit-unknown", ref,
                    q.getValue().toPlainString() + " " + Units.shown(unitOf(q)), List.of("DOSE-1", "DOSE-2")));
            return;
        }
        if (!plausible(unit, value.get())) {
            issues.add(new DataIssue("DQ-1", "value-implausible", ref,
                    q.getValue().toPlainString() + " " + Units.shown(unitOf(q)), List.of("DOSE-1", "DOSE-2")));
            return;
        }
        into.add(new BodyMeasure(value.get(), date.get(), ref));
    }

    /** Bounds outside which a body measure is an entry error, not a patient: never dosed on. */
    private static boolean plausible(String unit, BigDecimal v) {
        return switch (unit) {
            case "cm" -> v.compareTo(new BigDecimal("20")) >= 0 && v.compareTo(new BigDecimal("260")) <= 0;
            case "kg" -> v.compareTo(new BigDecimal("0.5")) >= 0 && v.compareTo(new BigDecimal("500")) <= 0;
            default -> v.compareTo(new BigDecimal("0.1")) >= 0 && v.compareTo(new BigDecimal("5")) <= 0;
        };
    }

    private static boolean counts(Observation o) {
        var s = o.getStatus();
        return s != Observation.ObservationStatus.ENTEREDINERROR && s != Observation.ObservationStatus.CANCELLED
                && s != Observation.ObservationStatus.REGISTERED;
    }

    static Optional<LocalDate> observationDate(Observation o) {
        if (o.hasEffectiveDateTimeType() && o.getEffectiveDateTimeType().getValue() != null) {
            return Optional.of(localDate(o.getEffectiveDateTimeType()));
        }
        if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
            return Optional.of(localDate(o.getEffectivePeriod().getStartElement()));
        }
        if (o.hasEffectiveInstantType()) {
            return Optional.of(localDate(o.getEffectiveInstantType()));
        }
        if (o.hasIssued()) {
            return Optional.of(localDate(o.getIssuedElement()));
        }
        return Optional.empty();
    }

    /**
     * The calendar date as written in the resource (in its own time zone): a dose given at 23:30 +09:00 was
     * given on that Japanese date, whatever the server's zone.
     */
    static LocalDate localDate(BaseDateTimeType dt) {
        return LocalDate.of(dt.getYear(), dt.getMonth() + 1, dt.getDay());
    }

    private Optional<BigDecimal> toUnit(Quantity q, String target) {
        if (!q.hasValue()) {
            return Optional.empty();
        }
        return units.convert(q.getValue(), unitOf(q), target);
    }

    /** The UCUM code when the system says UCUM, else the human unit (which may still be valid UCUM). */
    static String unitOf(Quantity q) {
        if (UCUM.equals(q.getSystem()) && q.hasCode()) {
            return q.getCode();
        }
        return q.hasCode() ? q.getCode() : q.getUnit();
    }

    /** DQ-2 for data the EHR or the FHIR server failed to give, DQ-3 for data cut at the page cap. */
    private static List<DataIssue> prefetchIssues(PatientData data) {
        List<DataIssue> issues = new ArrayList<>();
        for (var outcome : data.incomplete()) {
            boolean failed = outcome.status() == PrefetchOutcome.Status.FAILED;
            issues.add(new DataIssue(failed ? "DQ-2" : "DQ-3", failed ? "fetch-failed" : "truncated",
                    outcome.key(), outcome.problem().orElse(""), List.of())); // the rules' own declarations name the rules (DataQualityRule)
        }
        return issues;
    }

    private static Map<String, Medication> medications(List<Resource> resources) {
        Map<String, Medication> byRef = new HashMap<>();
        for (Resource r : resources) {
            if (r instanceof Medication m) {
                byRef.put("Medication/" + m.getIdElement().getIdPart(), m);
            }
        }
        return byRef;
    }

    private List<Resource> bindAll(List<ObjectNode> nodes, List<DataIssue> issues) {
        List<Resource> out = new ArrayList<>(nodes.size());
        for (ObjectNode node : nodes) {
            bind(node).ifPresentOrElse(out::add, () -> issues.add(new DataIssue(
                    "DQ-2", "resource-unreadable", node.path("resourceType").asText("resource"),
                    "not a valid FHIR R4 resource", List.of())));
        }
        return out;
    }

    /**
     * Binds one resource from its Jackson tree; a resource HAPI cannot read is reported, not fatal. Observations of the
     * common shape are bound directly ({@link ObservationBinder}), the rest by HAPI.
     */
    Optional<Resource> bind(ObjectNode node) {
        if (directObservations && "Observation".equals(node.path("resourceType").textValue())) {
            Optional<Observation> direct = ObservationBinder.bind(node);
            if (direct.isPresent()) {
                return Optional.of(direct.get());
            }
        }
        try {
            var structure = new JacksonStructure();
            structure.setNativeObject(node);
            var resource = ((JsonParser) parser.get()).parseResource(structure);
            return resource instanceof Resource r ? Optional.of(r) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

}
