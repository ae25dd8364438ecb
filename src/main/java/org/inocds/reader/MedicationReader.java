package org.inocds.reader;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.record.CycleDay;
import org.inocds.record.DoseEntry;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;
import org.inocds.record.InotuzumabAllergy;
import org.inocds.record.InotuzumabDose;
import org.inocds.record.OtherMedication;
import org.inocds.record.ProductStrength;

/**
 * Medication resources, the inotuzumab ones and the others: the doses given (MedicationAdministration, or a completed
 * MedicationRequest where there is none), the draft orders of a call with their dose, route, infusion time and planned
 * date, the other drugs by class (alkylators, antineoplastics, premedication), and hypersensitivity to inotuzumab.
 */
final class MedicationReader {

    /** docs/design.md "Planned date": the regimen-cycle-day extension on a draft MedicationRequest. */
    static final String CYCLE_DAY_EXTENSION = "http://inocds.org/fhir/StructureDefinition/regimen-cycle-day";

    private final ProductStrength strength;
    private final Units units;
    private final Map<DrugClass, CodeSet> drugClasses = new EnumMap<>(DrugClass.class);
    private final CodeSet intravenous;

    private final FhirDates dates;

    MedicationReader(CodeSets codeSets, Units units, ProductStrength strength, FhirDates dates) {
        this.strength = strength;
        this.dates = dates;
        this.units = units;
        for (DrugClass c : DrugClass.values()) {
            drugClasses.put(c, codeSets.get(c.valueSetUrl()));
        }
        this.intravenous = codeSets.get(CodeSets.INTRAVENOUS_ROUTE);
    }

    /** An ingredient amount in mg: vials × mg per vial, mL of the reconstituted solution, or a mass unit through UCUM. */
    private Optional<BigDecimal> ingredientMg(Quantity amount, ProductStrength product) {
        return givenMg(amount, product, true);
    }

    DraftOrder draftOrder(MedicationRequest mr, MedicationMatcher matcher, LocalDate today) {
        PlannedDate plannedDate = plannedDate(mr).orElse(new PlannedDate(today, DraftOrder.PlannedDateSource.TODAY));
        Optional<String> unresolved = matcher.unresolved(mr.getMedication(), mr.getContained());
        var match = unresolved.isPresent()
                ? (matcher.displayNamesInotuzumab(mr.getMedication()) ? MedicationMatcher.Match.NAME_ONLY : MedicationMatcher.Match.NONE)
                : matcher.match(mr.getMedication(), mr.getContained());
        var classes = classesOf(mr.getMedication(), mr.getContained(), matcher);
        Dosage dosage = mr.getDosageInstructionFirstRep();
        List<DoseEntry> entries = List.of();
        Optional<BigDecimal> doseMg = Optional.empty();
        Optional<String> doseProblem = Optional.empty();
        Optional<Quantity> ingredientAmount = match != MedicationMatcher.Match.NONE ? matcher.ingredientAmount(mr.getMedication(), mr.getContained())
                : Optional.empty();
        ProductStrength product = matcher.productStrength(mr.getMedication(), mr.getContained(), strength, units);
        if (ingredientAmount.isPresent()) {
            // JP Core injection orders: the drug's amount per administration is its ingredient's strength (vials or mL
            // of the reconstituted solution, per 1 回); the order's doseQuantity is the volume of the whole mix, not the dose.
            doseMg = ingredientMg(ingredientAmount.get(), product);
            if (doseMg.isEmpty()) {
                doseProblem = Optional.of("dose-unit");
            } else {
                entries = List.of(new DoseEntry(doseMg.get(), DoseEntry.Unit.MG, written(ingredientAmount.get(), null)));
            }
        } else {
            // the rule catalogue "Dose entries": every doseAndRate entry is read (Epic's calculated mg, ordered mg/m²,
            // administered mL); mL beside another entry only where the product's strength per mL or per vial is stated by
            // its Medication, as a plain order's volume may be the whole diluted infusion rather than the drug
            boolean productStated = product != strength;
            entries = doseEntries(dosage, product, productStated);
            if (entries.isEmpty()) {
                // an order written in mL alone: the mL of the reconstituted solution (1 mg in 4 mL, 適用上の注意; settings),
                // the only reading that gives a dose to judge — the card shows the entry as written beside its mg
                entries = doseEntries(dosage, product, true);
            }
            doseMg = entries.stream().filter(e -> e.unit() == DoseEntry.Unit.MG).map(DoseEntry::value).findFirst();
            if (entries.isEmpty()) {
                boolean anyValue = dosage.getDoseAndRate().stream().anyMatch(d -> d.hasDoseQuantity() && d.getDoseQuantity().hasValue());
                doseProblem = Optional.of(anyValue ? "dose-unit" : "dose-missing");
            }
        }
        Optional<String> codeProblem = unresolved.isPresent() ? Optional.of(DraftOrder.MEDICATION_UNRESOLVED)
                : match == MedicationMatcher.Match.NAME_ONLY ? Optional.of("code-name-only") : Optional.empty();
        return new DraftOrder(
                "MedicationRequest/" + mr.getIdElement().getIdPart(),
                match != MedicationMatcher.Match.NONE,
                unresolved.isPresent() && !mr.getMedicationReference().hasDisplay() ? unresolved.get() : medicationName(mr.getMedication(), mr.getContained(), matcher),
                classes.all(),
                route(dosage),
                infusionMinutes(dosage),
                doseMg,
                doseProblem,
                codeProblem,
                plannedDate.date(),
                plannedDate.source(),
                explicitPosition(mr),
                classes.byName(),
                entries);
    }

    /**
     * Every doseAndRate entry with a dose quantity that can be read: a mass in mg, vials × the product's mg per vial,
     * mL × its concentration (only when {@code readMl}), or mg/m²; entries in other units are left out.
     */
    private List<DoseEntry> doseEntries(Dosage dosage, ProductStrength product, boolean readMl) {
        List<DoseEntry> out = new ArrayList<>();
        for (var doseAndRate : dosage.getDoseAndRate()) {
            if (!doseAndRate.hasDoseQuantity() || !doseAndRate.getDoseQuantity().hasValue()) {
                continue;
            }
            Quantity q = doseAndRate.getDoseQuantity();
            String type = doseAndRate.hasType() ? CodedConcept.of(doseAndRate.getType()).display() : null;
            String unit = q.hasCode() ? q.getCode() : q.getUnit();
            Optional<BigDecimal> mg = givenMg(q, product, readMl);
            if (mg.isPresent()) {
                out.add(new DoseEntry(mg.get(), DoseEntry.Unit.MG, written(q, type)));
                continue;
            }
            Optional<BigDecimal> perM2 = unit == null ? Optional.empty()
                    : units.convert(q.getValue(), unit.replace("²", "2"), "mg/m2");
            perM2.ifPresent(v -> out.add(new DoseEntry(v, DoseEntry.Unit.MG_PER_M2, written(q, type))));
        }
        return out;
    }

    /** An entry as written: "3.2 mg (calculated)". */
    private static String written(Quantity q, String type) {
        String unit = q.hasUnit() ? q.getUnit() : q.hasCode() ? q.getCode() : "";
        String text = q.getValue().toPlainString() + (unit.isEmpty() ? "" : " " + unit);
        return type == null || type.isBlank() ? text : text + " (" + type + ")";
    }

    private DraftOrder.Route route(Dosage dosage) {
        if (!dosage.hasRoute() || dosage.getRoute().getCoding().isEmpty()) {
            return DraftOrder.Route.unstated();
        }
        CodedConcept route = CodedConcept.of(dosage.getRoute());
        return new DraftOrder.Route(route.in(intravenous) ? DraftOrder.Route.Kind.INTRAVENOUS : DraftOrder.Route.Kind.NOT_INTRAVENOUS,
                route.display());
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

    /**
     * The drug classes of a medication[x] by code — its own concept, or the Medication it references (its code and its
     * ingredients') — or failing any code match, by an ingredient name in its text or displays.
     */
    private DrugClassMatch classesOf(Type medication, List<? extends Resource> contained, MedicationMatcher matcher) {
        Set<DrugClass> all = EnumSet.noneOf(DrugClass.class);
        Set<DrugClass> byName = EnumSet.noneOf(DrugClass.class);
        List<CodeableConcept> concepts = new ArrayList<>();
        if (medication instanceof CodeableConcept cc) {
            concepts.add(cc);
        }
        matcher.medicationOf(medication, contained).ifPresent(m -> {
            concepts.add(m.getCode());
            m.getIngredient().stream().filter(i -> i.getItem() instanceof CodeableConcept)
                    .forEach(i -> concepts.add((CodeableConcept) i.getItem()));
        });
        for (CodeableConcept cc : concepts) {
            CodedConcept concept = CodedConcept.of(cc);
            drugClasses.forEach((c, set) -> {
                if (concept.in(set)) {
                    all.add(c);
                }
            });
        }
        for (CodeableConcept cc : concepts) {
            drugClasses.forEach((c, set) -> {
                if (!all.contains(c) && set.namedIn(MedicationMatcher.textOf(cc))) {
                    byName.add(c);
                }
            });
        }
        all.addAll(byName);
        return new DrugClassMatch(all, byName);
    }

    /** Every class matched, and those of them matched only by name. */
    private record DrugClassMatch(Set<DrugClass> all, Set<DrugClass> byName) {}

    private static String medicationName(Type medication, List<? extends Resource> contained, MedicationMatcher matcher) {
        if (medication instanceof CodeableConcept cc) {
            return CodedConcept.of(cc).display();
        }
        if (medication instanceof Reference r) {
            if (r.hasDisplay()) {
                return r.getDisplay();
            }
            return matcher.medicationOf(medication, contained).filter(m -> m.hasCode())
                    .map(m -> CodedConcept.of(m.getCode()).display()).orElse(r.getReference());
        }
        return "";
    }

    Optional<OtherMedication> otherRequest(MedicationRequest mr, MedicationMatcher matcher) {
        var status = mr.getStatus() == null ? "" : mr.getStatus().toCode();
        OtherMedication.Status s = switch (status) {
            case "active", "on-hold" -> OtherMedication.Status.ACTIVE;
            case "draft" -> OtherMedication.Status.DRAFT;
            case "completed" -> OtherMedication.Status.DONE;
            default -> null;
        };
        var classes = classesOf(mr.getMedication(), mr.getContained(), matcher);
        if (s == null || classes.all().isEmpty()) {
            return Optional.empty();
        }
        Optional<LocalDate> date = mr.hasAuthoredOn() ? Optional.of(dates.localDate(mr.getAuthoredOnElement())) : Optional.empty();
        return Optional.of(new OtherMedication(medicationName(mr.getMedication(), mr.getContained(), matcher), classes.all(), s, date,
                "MedicationRequest/" + mr.getIdElement().getIdPart(), classes.byName()));
    }

    Optional<OtherMedication> otherAdministration(MedicationAdministration ma, MedicationMatcher matcher) {
        var classes = classesOf(ma.getMedication(), ma.getContained(), matcher);
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
        Optional<LocalDate> date = dates.dateOf(ma.getEffective());
        return Optional.of(new OtherMedication(medicationName(ma.getMedication(), ma.getContained(), matcher), classes.all(), s, date,
                "MedicationAdministration/" + ma.getIdElement().getIdPart(), classes.byName()));
    }

    Optional<InotuzumabAllergy> allergy(AllergyIntolerance ai, MedicationMatcher matcher) {
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
        Optional<LocalDate> date = dates.dateOf(ai.getOnset())
                .or(() -> ai.hasRecordedDate() ? Optional.of(dates.localDate(ai.getRecordedDateElement())) : Optional.empty());
        return Optional.of(new InotuzumabAllergy(CodedConcept.of(ai.getCode()).display(), severe, date,
                "AllergyIntolerance/" + ai.getIdElement().getIdPart()));
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

    Optional<InotuzumabDose> administration(MedicationAdministration ma, MedicationMatcher matcher) {
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
        ProductStrength product = matcher.productStrength(ma.getMedication(), ma.getContained(), strength, units);
        Optional<BigDecimal> mg = ingredientAmount.isPresent() ? ingredientMg(ingredientAmount.get(), product)
                : ma.getDosage().hasDose() ? givenMg(ma.getDosage().getDose(), product, product != strength) : Optional.empty();
        boolean stopped = status == MedicationAdministration.MedicationAdministrationStatus.STOPPED;
        // the label digest "Regimen": a stopped infusion that never ran (0 mg, or no dose and a reason saying it was not started) is no dose
        if (stopped && (mg.filter(v -> v.signum() == 0).isPresent() || (mg.isEmpty() && saysNotStarted(ma)))) {
            return Optional.empty();
        }
        return Optional.of(new InotuzumabDose(dates.localDate(when), mg, "MedicationAdministration/" + ma.getIdElement().getIdPart(), stopped));
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

    /** A dose given, in mg: a mass, vials × the product's mg per vial, or mL × its concentration where its Medication states it. */
    private Optional<BigDecimal> givenMg(Quantity q, ProductStrength product, boolean readMl) {
        if (!q.hasValue()) {
            return Optional.empty();
        }
        String unit = q.hasCode() ? q.getCode() : q.getUnit();
        if (ProductStrength.isVials(q.getCode(), q.getUnit())) {
            return Optional.of(product.mgOfVials(q.getValue()));
        }
        if (ProductStrength.isMillilitres(unit)) {
            return readMl ? Optional.of(product.mgOfReconstitutedMl(q.getValue())) : Optional.empty();
        }
        return ObservedQuantity.of(q).in("mg", units);
    }

    Optional<InotuzumabDose> completedRequest(MedicationRequest mr, MedicationMatcher matcher) {
        // the rule catalogue "Dose entries": the first entry in mg (a mass, or vials/mL × the product's strength); an
        // entry in mg/m² alone cannot be turned into mg here (the BSA of that day is the rules')
        Optional<Quantity> ingredientAmount = matcher.ingredientAmount(mr.getMedication(), mr.getContained());
        ProductStrength product = matcher.productStrength(mr.getMedication(), mr.getContained(), strength, units);
        Optional<BigDecimal> mg = ingredientAmount.isPresent() ? ingredientMg(ingredientAmount.get(), product)
                : doseEntries(mr.getDosageInstructionFirstRep(), product, product != strength).stream()
                        .filter(e -> e.unit() == DoseEntry.Unit.MG).map(DoseEntry::value).findFirst();
        return plannedDate(mr).map(when -> new InotuzumabDose(when.date(), mg, "MedicationRequest/" + mr.getIdElement().getIdPart()));
    }

    /** A MedicationRequest's date and where it was read from. */
    private record PlannedDate(LocalDate date, DraftOrder.PlannedDateSource source) {}

    /**
     * docs/design.md "Planned date", for a draft order and for a completed request alike: {@code timing.event[0]},
     * else {@code timing.repeat.boundsPeriod.start}, else {@code authoredOn}; empty when none is written.
     */
    private Optional<PlannedDate> plannedDate(MedicationRequest mr) {
        var timing = mr.getDosageInstructionFirstRep().getTiming();
        if (timing.hasEvent() && timing.getEvent().get(0).getValue() != null) {
            return Optional.of(new PlannedDate(dates.localDate(timing.getEvent().get(0)), DraftOrder.PlannedDateSource.TIMING_EVENT));
        }
        if (timing.hasRepeat() && timing.getRepeat().hasBoundsPeriod() && timing.getRepeat().getBoundsPeriod().getStartElement().getValue() != null) {
            return Optional.of(new PlannedDate(dates.localDate(timing.getRepeat().getBoundsPeriod().getStartElement()),
                    DraftOrder.PlannedDateSource.BOUNDS_PERIOD_START));
        }
        if (mr.hasAuthoredOn() && mr.getAuthoredOnElement().getValue() != null) {
            return Optional.of(new PlannedDate(dates.localDate(mr.getAuthoredOnElement()), DraftOrder.PlannedDateSource.AUTHORED_ON));
        }
        return Optional.empty();
    }
}
