package org.inocds.reader;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.inocds.knowledge.Units;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DataIssue;
import org.inocds.record.Derivation;
import org.inocds.record.KnowledgeValueSets;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.record.ReferenceRange;

/**
 * Observation → {@link LabResult} and qualitative facts (CD22, pregnancy) — the label digest "Units and thresholds".
 *
 * <p>Units go through UCUM into the analyte's unit (10*3/uL, 10*9/L and the Japanese 10*4/uL to /uL);
 * total bilirubin in µmol/L is divided by 17.1, an explicit factor, as UCUM cannot turn moles into mass. The
 * only rewriting of a unit string is the micro sign (µ, μ → u) and ^ → *, spellings of the same UCUM
 * unit; anything else unknown is reported (DQ-1), never guessed. ANC (and absolute blasts) missing from a
 * draw is derived as WBC × % / 100 of the same draw, and says so.
 */
final class LabReader {

    static final String SNOMED = "http://snomed.info/sct";
    static final String LOINC = "http://loinc.org";
    private static final BigDecimal BILIRUBIN_UMOL_PER_MG_DL = new BigDecimal("17.1");
    /**
     * Decimals of a value shown in the analyte's unit after a dividing conversion (display only): bilirubin from µmol/L
     * in mg/dL to 0.01, as a clinician reads it (20.5 µmol/L → 1.20, not 1.1988); the rules compare the exact values.
     */
    private static final int DISPLAY_SCALE = 2;
    /** Decimals of a range's limit carried into another unit of the same analyte for the comparison (as before: 4). */
    private static final int RANGE_CONVERSION_SCALE = 4;
    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private final Units units;
    private final FirstMatch<Analyte> analytes;
    private final CodeSet cd22;
    private final CodeSet pregnancy;
    private final CodeSet notDetected;
    private final CodeSet detected;
    private final CodeSet female;
    private final CodeSet male;

    LabReader(CodeSets codeSets, Units units) {
        this.units = units;
        this.cd22 = codeSets.get(ClinicalConcept.CD22.valueSetUrl());
        this.pregnancy = codeSets.get(ClinicalConcept.PREGNANCY.valueSetUrl());
        this.notDetected = codeSets.get(KnowledgeValueSets.BASE + "result-not-detected");
        this.detected = codeSets.get(ClinicalConcept.PERIPHERAL_BLASTS_DETECTED.valueSetUrl());
        this.female = codeSets.get(KnowledgeValueSets.BASE + "sex-female");
        this.male = codeSets.get(KnowledgeValueSets.BASE + "sex-male");
        var byAnalyte = new LinkedHashMap<Analyte, CodeSet>();
        for (Analyte a : Analyte.values()) {
            byAnalyte.put(a, codeSets.get(a.valueSetUrl())); // in the enum's order: a code in two sets is the first's
        }
        this.analytes = new FirstMatch<>(byAnalyte);
    }

    /** Reads one Observation into {@code labs} or {@code facts}; problems go to {@code issues}. */
    void read(LabObservation o, List<LabResult> labs, List<ClinicalFact> facts, List<DataIssue> issues) {
        if (o.date().isEmpty()) {
            return;
        }
        LocalDate date = o.date().get();
        String ref = o.reference();
        if (isCd22(o.code())) {
            facts.add(new ClinicalFact(ClinicalConcept.CD22, positive(o) ? ClinicalFact.Status.POSITIVE : ClinicalFact.Status.NEGATIVE,
                    o.date(), o.code().display(), ref));
            return;
        }
        if (o.code().in(pregnancy)) {
            facts.add(new ClinicalFact(ClinicalConcept.PREGNANCY, positive(o) ? ClinicalFact.Status.POSITIVE : ClinicalFact.Status.NEGATIVE,
                    o.date(), o.code().display(), ref));
            return;
        }
        Optional<Analyte> analyte = analytes.of(o.code());
        if (analyte.isEmpty()) {
            return;
        }
        if (!(o.value().orElse(null) instanceof ObservedQuantity q) || !q.hasValue()) {
            qualitative(o, analyte.get(), labs, facts);
            return;
        }
        if (q.below() && PERIPHERAL.contains(analyte.get())) {
            // "< 1 %" blasts in the blood: neither none (CR/CRi) nor blasts seen (refuted) — no result, so that the dosing
            // card asks the clinician to confirm the response rather than the service deciding the day-1 dose
            return;
        }
        String unit = q.conversionUnit();
        Optional<BigDecimal> exact = toExactUnits(analyte.get(), q.value(), unit);
        BigDecimal divisor = divisor(analyte.get(), unit);
        Optional<BigDecimal> value = exact.map(v -> shown(v, divisor));
        String received = q.value().toPlainString() + " " + Units.shown(unit);
        if (value.isEmpty()) {
            issues.add(DataIssue.ofResult(DataIssue.Kind.UNIT_UNKNOWN, analyte.get(), labName(analyte.get()) + ", " + date, received));
            return;
        }
        List<ReferenceRange> ranges = new ArrayList<>(o.ranges().size());
        for (ObservedRange range : o.ranges()) {
            ObservedQuantity high = range.high();
            String rangeUnit = high.statesUnit() ? high.conversionUnit() : unit;
            // in the value's exact units: the same divisor as the value, or the analyte's unit × that divisor
            BigDecimal rangeDivisor = divisor(analyte.get(), rangeUnit);
            toExactUnits(analyte.get(), high.value(), rangeUnit)
                    .map(h -> rangeDivisor.compareTo(divisor) == 0 ? h
                            : h.divide(rangeDivisor, RANGE_CONVERSION_SCALE, RoundingMode.HALF_UP).multiply(divisor))
                    .ifPresent(h -> ranges.add(population(range, shown(h, divisor), h)));
        }
        String drawTime = o.effectiveDateTime().orElse(date.toString());
        labs.add(new LabResult(analyte.get(), value.get(), date, drawTime, ranges, received, ref, Optional.empty(),
                exact.get(), divisor));
    }

    /** UCUM's units of an age bound (FHIR Age), as whole calendar units. */
    private static final Map<String, ChronoUnit> AGE_UNITS = Map.of("a", ChronoUnit.YEARS, "mo", ChronoUnit.MONTHS,
            "wk", ChronoUnit.WEEKS, "d", ChronoUnit.DAYS);

    /**
     * The population a range applies to (the label digest "Units and thresholds"): the sexes its appliesTo names (the
     * {@code sex-female} and {@code sex-male} code sets) and its age bounds. An appliesTo that is no sex, or an age in a
     * unit not known here, is a population the record cannot judge: such a range never applies.
     */
    private ReferenceRange population(ObservedRange range, BigDecimal high, BigDecimal exactHigh) {
        Set<PatientRecord.Sex> sexes = EnumSet.noneOf(PatientRecord.Sex.class);
        boolean other = false;
        for (CodedConcept c : range.appliesTo()) {
            if (c.in(female)) {
                sexes.add(PatientRecord.Sex.FEMALE);
            } else if (c.in(male)) {
                sexes.add(PatientRecord.Sex.MALE);
            } else {
                other = true;
            }
        }
        Optional<ReferenceRange.AgeLimit> low = range.ageLow().flatMap(LabReader::age);
        Optional<ReferenceRange.AgeLimit> ageHigh = range.ageHigh().flatMap(LabReader::age);
        other |= low.isEmpty() && range.ageLow().isPresent() || ageHigh.isEmpty() && range.ageHigh().isPresent();
        return new ReferenceRange(high, exactHigh, sexes, low, ageHigh, other);
    }

    private static Optional<ReferenceRange.AgeLimit> age(ObservedQuantity q) {
        String unit = q.conversionUnit();
        return Optional.ofNullable(unit == null ? null : AGE_UNITS.get(unit.trim())).map(u -> new ReferenceRange.AgeLimit(q.value(), u));
    }

    /** Blast analytes that may come as "not detected" (the label digest "Regimen": CR/CRi). */
    private static final Set<Analyte> BLASTS = EnumSet.of(Analyte.PERIPHERAL_BLASTS_PERCENT, Analyte.PERIPHERAL_BLASTS,
            Analyte.MARROW_BLASTS_PERCENT);
    private static final Set<Analyte> PERIPHERAL = EnumSet.of(Analyte.PERIPHERAL_BLASTS_PERCENT, Analyte.PERIPHERAL_BLASTS);
    /** Words of a "not detected" result, read before {@link #DETECTED_WORDS} (which they contain). */
    private static final List<String> NOT_DETECTED_WORDS = List.of("not detected", "undetected", "negative", "none", "no blasts",
            "not seen", "absent", "not present", "検出せず", "検出されず", "未検出", "陰性", "認めず", "認めない", "なし");
    private static final List<String> DETECTED_WORDS = List.of("detected", "positive", "present", "陽性", "検出", "認める");

    private enum Answer { NOT_DETECTED, DETECTED, NEITHER }

    /**
     * A blast result without a number (the label digest "Regimen": "no leukaemic blasts in the blood" is a result of 0 or
     * "not detected"): a coded value, a value string or an interpretation saying "not detected" is a result of 0 (the card
     * shows what was sent); peripheral blasts "detected" are blasts in the blood, a fact that refutes CR/CRi. Anything else is
     * no result.
     */
    private void qualitative(LabObservation o, Analyte analyte, List<LabResult> labs, List<ClinicalFact> facts) {
        if (!BLASTS.contains(analyte)) {
            return;
        }
        Answer answer = answer(o);
        String said = said(o);
        if (answer == Answer.NOT_DETECTED) {
            LocalDate date = o.date().orElseThrow();
            labs.add(new LabResult(analyte, BigDecimal.ZERO, date, o.effectiveDateTime().orElse(date.toString()), Optional.empty(),
                    said, o.reference(), Optional.empty()));
        } else if (answer == Answer.DETECTED && PERIPHERAL.contains(analyte)) {
            facts.add(new ClinicalFact(ClinicalConcept.PERIPHERAL_BLASTS_DETECTED, ClinicalFact.Status.POSITIVE, o.date(), said,
                    o.reference()));
        }
    }

    /** What the value says, else what the interpretations say: codes of the two knowledge sets first, then words. */
    private Answer answer(LabObservation o) {
        ObservedValue value = o.value().orElse(null);
        Answer byValue = value instanceof CodedConcept cc ? answer(cc)
                : value instanceof ObservedValue.Text t ? answer(t.value()) : Answer.NEITHER;
        if (byValue != Answer.NEITHER) {
            return byValue;
        }
        for (CodedConcept interpretation : o.interpretations()) {
            Answer a = answer(interpretation);
            if (a != Answer.NEITHER) {
                return a;
            }
        }
        return Answer.NEITHER;
    }

    private Answer answer(CodedConcept cc) {
        if (cc.in(notDetected)) {
            return Answer.NOT_DETECTED;
        }
        if (cc.in(detected)) {
            return Answer.DETECTED;
        }
        Answer byText = answer(cc.text());
        if (byText != Answer.NEITHER) {
            return byText;
        }
        for (CodedConcept.Code c : cc.codings()) {
            Answer byDisplay = answer(c.display());
            if (byDisplay != Answer.NEITHER) {
                return byDisplay;
            }
        }
        return Answer.NEITHER;
    }

    private static Answer answer(String text) {
        if (text == null) {
            return Answer.NEITHER;
        }
        String t = text.toLowerCase(Locale.ROOT);
        if (NOT_DETECTED_WORDS.stream().anyMatch(t::contains)) {
            return Answer.NOT_DETECTED;
        }
        return DETECTED_WORDS.stream().anyMatch(t::contains) ? Answer.DETECTED : Answer.NEITHER;
    }

    /** The qualitative answer as sent, for the card: the value's name or string, else the interpretation's. */
    private static String said(LabObservation o) {
        ObservedValue value = o.value().orElse(null);
        if (value instanceof CodedConcept cc && !cc.display().isEmpty()) {
            return cc.display();
        }
        if (value instanceof ObservedValue.Text t && t.value() != null) {
            return t.value();
        }
        return o.interpretations().stream().map(CodedConcept::display).filter(d -> !d.isEmpty()).findFirst().orElse("");
    }

    /** Adds ANC and absolute blasts derived from WBC × % where a draw lacks them (the label digest "Units and thresholds"). */
    static void deriveFromDifferential(List<LabResult> labs) {
        // one pass to group the results by draw, so that the cost stays linear in the history
        Map<String, Map<Analyte, LabResult>> draws = new HashMap<>();
        for (LabResult l : labs) {
            draws.computeIfAbsent(l.drawTime(), t -> new EnumMap<>(Analyte.class)).putIfAbsent(l.analyte(), l);
        }
        List<LabResult> derived = new ArrayList<>();
        for (LabResult wbc : labs) {
            if (wbc.analyte() != Analyte.WBC) {
                continue;
            }
            Map<Analyte, LabResult> draw = draws.get(wbc.drawTime());
            derive(draw, wbc, Analyte.NEUTROPHILS_PERCENT, Analyte.ANC).ifPresent(derived::add);
            derive(draw, wbc, Analyte.PERIPHERAL_BLASTS_PERCENT, Analyte.PERIPHERAL_BLASTS).ifPresent(derived::add);
        }
        labs.addAll(derived);
    }

    /** The absolute count from WBC × % of the same draw, unless the draw reports it; the first % result read is used. */
    private static Optional<LabResult> derive(Map<Analyte, LabResult> draw, LabResult wbc, Analyte percent, Analyte absolute) {
        if (draw.containsKey(absolute)) {
            return Optional.empty();
        }
        return Optional.ofNullable(draw.get(percent))
                // exact: ÷ 100 terminates; an ANC of 999.5/µL must not become 1,000 before HEM compares it
                .map(p -> new LabResult(absolute, wbc.value().multiply(p.value()).divide(HUNDRED),
                        wbc.date(), wbc.drawTime(), Optional.empty(),
                        wbc.received() + " × " + p.received(), wbc.sourceRef() + ", " + p.sourceRef(),
                        Optional.of(new Derivation(Analyte.WBC, wbc.value(), p.value()))));
    }

    /** The value in the analyte's unit, rounded for display where the conversion divides (see {@link LabResult}). */
    Optional<BigDecimal> toAnalyteUnit(Analyte analyte, BigDecimal value, String unit) {
        BigDecimal divisor = divisor(analyte, unit);
        return toExactUnits(analyte, value, unit).map(v -> shown(v, divisor));
    }

    private static BigDecimal shown(BigDecimal exact, BigDecimal divisor) {
        return divisor.compareTo(BigDecimal.ONE) == 0 ? exact : exact.divide(divisor, DISPLAY_SCALE, RoundingMode.HALF_UP);
    }

    private static String ucum(String unit) {
        return unit.trim().replace('\u00B5', 'u').replace('\u03BC', 'u').replace('^', '*');
    }

    /** 17.1 for bilirubin in µmol/L (÷ 17.1 = mg/dL has no exact decimal), else 1. */
    static BigDecimal divisor(Analyte analyte, String unit) {
        return analyte == Analyte.BILIRUBIN_TOTAL && unit != null && ucum(unit).equals("umol/L") ? BILIRUBIN_UMOL_PER_MG_DL : BigDecimal.ONE;
    }

    /** The value × {@link #divisor}: in the analyte's unit times the divisor, exactly (multiplications only). */
    private Optional<BigDecimal> toExactUnits(Analyte analyte, BigDecimal value, String unit) {
        if (unit == null) {
            return Optional.empty();
        }
        String ucum = ucum(unit);
        if (analyte == Analyte.BILIRUBIN_TOTAL && ucum.equals("umol/L")) {
            return Optional.of(value);
        }
        if (analyte.unit().equals("U/L") && (ucum.equals("IU/L") || ucum.equals("[IU]/L"))) {
            // Enzyme activities: laboratories write IU/L and U/L for the same unit (µmol/min per litre).
            return Optional.of(value);
        }
        return units.convert(value, ucum, analyte.unit());
    }

    /** CD22 has no LOINC code: a site code set, or "CD22" in the code's text or display (docs/rule-catalogue.md ELIG-3). */
    private boolean isCd22(CodedConcept code) {
        return code.in(cd22) || code.display().toUpperCase(Locale.ROOT).contains("CD22");
    }

    /** Positive/Detected (SNOMED 10828004, 260373001), LOINC LA15173-0 (pregnant), true, or text saying so. */
    static boolean positive(LabObservation o) {
        ObservedValue value = o.value().orElse(null);
        if (value instanceof ObservedValue.Flag b) {
            return Boolean.TRUE.equals(b.value());
        }
        if (value instanceof CodedConcept cc) {
            for (CodedConcept.Code c : cc.codings()) {
                if ((SNOMED.equals(c.system()) && ("10828004".equals(c.code()) || "260373001".equals(c.code())))
                        || (LOINC.equals(c.system()) && "LA15173-0".equals(c.code()))) {
                    return true;
                }
            }
            if (saysPositive(cc.text())) {
                return true;
            }
        }
        if (value instanceof ObservedValue.Text s && saysPositive(s.value())) {
            return true;
        }
        for (CodedConcept interpretation : o.interpretations()) {
            for (CodedConcept.Code c : interpretation.codings()) {
                if ("POS".equals(c.code()) || "DET".equals(c.code())) {
                    return true;
                }
            }
            if (saysPositive(interpretation.text())) {
                return true;
            }
        }
        return false;
    }

    private static boolean saysPositive(String text) {
        if (text == null) {
            return false;
        }
        String t = text.toLowerCase(Locale.ROOT);
        return (t.contains("positive") && !t.contains("negative")) || (t.contains("陽性") && !t.contains("陰性"))
                || t.contains("detected") && !t.contains("not detected");
    }

    private static String labName(Analyte a) {
        return a.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
