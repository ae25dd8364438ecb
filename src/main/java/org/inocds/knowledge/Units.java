package org.inocds.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.ExpressionParser;
import org.fhir.ucum.Factor;
import org.fhir.ucum.Pair;
import org.fhir.ucum.Symbol;
import org.fhir.ucum.Term;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;
import org.springframework.stereotype.Component;

/**
 * Unit conversion through UCUM (org.fhir:ucum). A unit UCUM cannot convert is never guessed: the caller
 * gets an empty result and reports it (DQ-1, DQ-4).
 *
 * <p>UCUM parses both units on every call (about half a millisecond); a heavy patient has hundreds of
 * results in a handful of units. So the factor of each (unit, target) pair is asked of UCUM once and then
 * applied in exact decimal arithmetic — only for pairs UCUM shows to be a plain multiple (no offset, as
 * Celsius would have), and for a bounded number of pairs, so that odd units sent by a caller cannot fill memory.
 */
@Component
public class Units {


    private static final int MAX_CACHED_PAIRS = 512;
    /** Longer than any UCUM unit a laboratory sends (e.g. {@code 10*3/uL}, {@code mL/min/{1.73_m2}}). */
    static final int MAX_UNIT_LENGTH = 40;
    private static final BigDecimal TWO = new BigDecimal(2);
    static final int MAX_DIGITS = 3;
    /** No laboratory or dosing unit raises an atom beyond a cube ({@code m3}, {@code /mm3}); UCUM's cost grows with it. */
    static final int MAX_ATOM_EXPONENT = 3;
    /** Powers of ten in counts ({@code 10*3/uL}, {@code 10*9/L}, {@code 10*12/L}) stay far below 10^24 (yotta). */
    static final int MAX_DECADE_EXPONENT = 24;
    /** Symbols and factors in one unit: {@code mL/min/{1.73_m2}} has three, {@code mg/kg/d} three. */
    static final int MAX_TERMS = 8;
    /**
     * A bound on the digits UCUM's exact decimals can reach while it works a unit out: each symbol counts its exponent
     * times the characters of its atom's value in base units ({@code mg}: 0.001, 5; {@code deg}: 27; {@code [pi]}: 66).
     * A laboratory unit stays under 40 ({@code 10*9/L}: 18 + 5, {@code 10*12/L}: 24 + 5); {@code [pi]}, {@code deg3} or
     * {@code 10*24.10*24} do not.
     */
    static final int MAX_MAGNITUDE_DIGITS = 64;
    /**
     * Defence in depth behind the bounds above: a conversion UCUM has not finished by then is given up (the unit is
     * shown as unconvertible) and its thread is stopped, so that no conversion keeps a thread past its box.
     */
    static final long UCUM_TIME_BOX_MS = 500;
    static final int UCUM_THREAD_COUNT = 2;

    private final UcumService ucum;
    private final ExpressionParser parser;
    private final Map<String, Optional<BigDecimal>> factors = new ConcurrentHashMap<>();
    /** Digits of each atom's value (with its prefix) in base units, worked out once per atom, by UCUM, at exponent 1. */
    private final Map<String, Integer> atomDigits = new ConcurrentHashMap<>();
    private final UcumThreads threads;

    /** A unit as received, cut short for display on a card. */
    public static String shown(String unit) {
        if (unit == null) {
            return "(no unit)";
        }
        return unit.length() <= MAX_UNIT_LENGTH ? unit : unit.substring(0, MAX_UNIT_LENGTH) + "…";
    }

    public Units() throws IOException, UcumException {
        this(UCUM_TIME_BOX_MS);
    }

    /** With another time box: a test gives none, to see that no call depends on UCUM being warm. */
    Units(long boxMillis) throws IOException, UcumException {
        this.threads = new UcumThreads(UCUM_THREAD_COUNT, boxMillis);
        try (InputStream essence = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (essence == null) {
                throw new IllegalStateException("ucum-essence.xml is missing from the classpath");
            }
            UcumEssenceService service = new UcumEssenceService(essence);
            this.ucum = service;
            this.parser = new ExpressionParser(service.getModel());
        }
        workOutSentUnits();
    }

    /**
     * {@code value} in {@code unit} expressed in {@code target}; empty when the unit is unknown or not
     * commensurable with the target.
     */
    public Optional<BigDecimal> convert(BigDecimal value, String unit, String target) {
        // UCUM parses the whole string before failing: a unit far longer than any real one is refused first.
        if (unit == null || unit.isBlank() || unit.length() > MAX_UNIT_LENGTH || !saneNumbers(unit) || !withinBounds(unit)) {
            return Optional.empty();
        }
        if (unit.equals(target)) {
            return Optional.of(value);
        }
        String pair = unit + "\u0000" + target;
        Optional<BigDecimal> factor = factors.get(pair);
        if (factor == null) {
            factor = linearFactor(unit, target);
            if (factor.isPresent() && factors.size() < MAX_CACHED_PAIRS) {
                factors.put(pair, factor);
            }
        }
        if (factor != null && factor.isPresent()) {
            return Optional.of(value.multiply(factor.get()));
        }
        return ucumConvert(value, unit, target);
    }

    /**
     * UCUM computes a unit's exponents and factors exactly: {@code mg999999999}, {@code 10*999999999.mg} or
     * {@code 10^-999999999.g} never finish. No laboratory or dosing unit has a number of more than three digits
     * outside an annotation ({@code 10*3/uL}, {@code 10*9/L}, {@code mL/min/{1.73_m2}}), so a longer one is refused
     * before UCUM sees it (the result then shows as unconvertible: DQ-1 / DQ-4).
     */
    static boolean saneNumbers(String unit) {
        int digits = 0;
        boolean annotation = false;
        for (int i = 0; i < unit.length(); i++) {
            char c = unit.charAt(i);
            if (c == '{') {
                annotation = true;
            } else if (c == '}') {
                annotation = false;
            }
            digits = !annotation && c >= '0' && c <= '9' ? digits + 1 : 0;
            if (digits > MAX_DIGITS) {
                return false;
            }
        }
        return true;
    }

    /** The factor f with convert(x) = x·f, when UCUM converts 1 and 2 consistently with one. */
    private Optional<BigDecimal> linearFactor(String unit, String target) {
        Optional<BigDecimal> one = ucumConvert(BigDecimal.ONE, unit, target);
        Optional<BigDecimal> two = ucumConvert(TWO, unit, target);
        if (one.isEmpty() || two.isEmpty() || one.get().multiply(TWO).compareTo(two.get()) != 0) {
            return Optional.empty();
        }
        return one;
    }

    private Optional<BigDecimal> ucumConvert(BigDecimal value, String unit, String target) {
        return threads.run(() -> ucumConvertNow(value, unit, target)).flatMap(result -> result);
    }

    private Optional<BigDecimal> ucumConvertNow(BigDecimal value, String unit, String target) throws UcumException {
        if (ucum.validate(unit) != null) {
            return Optional.empty();
        }
        Decimal converted = ucum.convert(new Decimal(value.toPlainString()), unit, target);
        return Optional.of(new BigDecimal(converted.asDecimal()));
    }

    /**
     * Whether a unit is within what a laboratory uses, decided on UCUM's own parse of it (cheap: a unit is at most
     * {@link #MAX_UNIT_LENGTH} characters) before UCUM works out any value: UCUM computes exponents and factors exactly
     * and cannot be interrupted, so {@code mg999}, {@code [pi]999} or {@code 10*999.10*999.mg} would pin a core for
     * minutes. Refused units show as unconvertible (DQ-1 / DQ-4).
     */
    boolean withinBounds(String unit) {
        Term term;
        try {
            term = parser.parse(unit);
        } catch (UcumException | RuntimeException e) {
            return true; // UCUM refuses it at once as well (validate), without working out any value
        }
        List<Object> parts = new ArrayList<>();
        collect(term, parts);
        if (parts.size() > MAX_TERMS) {
            return false;
        }
        long magnitude = 0;
        for (Object part : parts) {
            if (part instanceof Symbol symbol) {
                int exponent = Math.abs(symbol.getExponent());
                boolean decade = symbol.getUnit() != null && DECADES.contains(symbol.getUnit().getCode());
                if (exponent > (decade ? MAX_DECADE_EXPONENT : MAX_ATOM_EXPONENT)) {
                    return false;
                }
                magnitude += (long) exponent * digitsOf(symbol);
            } else if (part instanceof Factor factor) {
                magnitude += String.valueOf(factor.getValue()).length();
            }
            if (magnitude > MAX_MAGNITUDE_DIGITS) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> DECADES = Set.of("10*", "10^");

    private static void collect(Object component, List<Object> parts) {
        if (component instanceof Term term) {
            if (term.hasComp()) {
                collect(term.getComp(), parts);
            }
            if (term.hasTerm()) {
                collect(term.getTerm(), parts);
            }
        } else if (component != null) {
            parts.add(component);
        }
    }

    /**
     * The characters of the atom's value (prefix included) in base units, asked of UCUM at exponent 1 within the time
     * box, once per atom (a fixed set: the atoms and prefixes of UCUM's model, not the caller's strings). An atom UCUM
     * cannot work out counts as the whole bound; one not worked out in time counts so too, this once (not remembered).
     */
    private int digitsOf(Symbol symbol) {
        String atom = atomOf(symbol);
        Integer known = atomDigits.get(atom);
        if (known != null) {
            return known;
        }
        Optional<Integer> digits = threads.run(() -> atomDigitsNow(atom));
        digits.ifPresent(d -> atomDigits.put(atom, d));
        return digits.orElse(MAX_MAGNITUDE_DIGITS + 1);
    }

    private static String atomOf(Symbol symbol) {
        return (symbol.hasPrefix() ? symbol.getPrefix().getCode() : "") + symbol.getUnit().getCode();
    }

    private int atomDigitsNow(String atom) {
        try {
            Pair canonical = ucum.getCanonicalForm(new Pair(new Decimal(1), atom));
            return Math.max(1, canonical.getValue().asDecimal().length());
        } catch (UcumException | RuntimeException e) {
            return MAX_MAGNITUDE_DIGITS + 1;
        }
    }

    /**
     * The units laboratories, scales and orders send for what the rules read, by the unit the record keeps them in
     * ({@link org.inocds.record.Analyte#unit()}, the body measures' kg, cm and m2, doses in mg and mg/m2). A test holds
     * every kept unit to an entry here.
     */
    static final Map<String, List<String>> SENT_UNITS = Map.of(
        "/uL", List.of("/uL", "10*3/uL", "10*9/L", "/mm3", "10*2/uL", "10*4/uL", "10*6/L", "/L"),
        "%", List.of("%"),
        "mg/dL", List.of("mg/dL", "mg/L", "g/L"),
        "U/L", List.of("U/L", "U/mL"),
        "ms", List.of("ms", "s"),
        "kg", List.of("kg", "g", "[lb_av]"),
        "cm", List.of("cm", "m", "mm", "[in_i]"),
        "m2", List.of("m2", "cm2"),
        "mg", List.of("mg", "ug", "g"),
        "mg/m2", List.of("mg/m2", "ug/m2"));

    /**
     * Works out, once at start and without a time box (these are the service's own units, not a caller's), what every
     * call on real data needs of UCUM: the size of each atom and the factor of each sent unit to its kept unit. UCUM's
     * first conversions on a cold JVM took longer than the box, and the first call after a start then showed an AST of
     * 21 U/L as a unit the service cannot convert.
     */
    private void workOutSentUnits() throws UcumException {
        for (Map.Entry<String, List<String>> kept : SENT_UNITS.entrySet()) {
            for (String unit : kept.getValue()) {
                for (String spelled : List.of(unit, kept.getKey())) {
                    List<Object> parts = new ArrayList<>();
                    collect(parser.parse(spelled), parts);
                    for (Object part : parts) {
                        if (part instanceof Symbol symbol) {
                            atomDigits.computeIfAbsent(atomOf(symbol), this::atomDigitsNow);
                        }
                    }
                }
                Optional<BigDecimal> one = ucumConvertNow(BigDecimal.ONE, unit, kept.getKey());
                if (one.isEmpty() || !withinBounds(unit)) {
                    throw new IllegalStateException("UCUM does not convert " + unit + " to " + kept.getKey());
                }
                factors.put(unit + "\u0000" + kept.getKey(), one);
            }
        }
    }

    /** Whether conversions can run: false while every UCUM thread is held past its box (readiness then fails). */
    public boolean conversionsAvailable() {
        return threads.available();
    }

    /** Conversions given up at their box since start. */
    public long conversionsTimedOut() {
        return threads.timedOut();
    }
}
