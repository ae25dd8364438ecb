package org.inocds.reader;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;
import org.hl7.fhir.r4.model.Quantity;
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
    /** Defence in depth: a conversion UCUM has not finished by then is given up (the unit is shown as unconvertible). */
    static final long UCUM_TIME_BOX_MS = 500;
    private static final ExecutorService UCUM_THREADS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ucum");
        t.setDaemon(true);
        return t;
    });

    private final UcumService ucum;
    private final Map<String, Optional<BigDecimal>> factors = new ConcurrentHashMap<>();

    /** A unit as received, cut short for display on a card. */
    public static String shown(String unit) {
        if (unit == null) {
            return "(no unit)";
        }
        return unit.length() <= MAX_UNIT_LENGTH ? unit : unit.substring(0, MAX_UNIT_LENGTH) + "…";
    }

    public Units() throws IOException, UcumException {
        try (InputStream essence = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (essence == null) {
                throw new IllegalStateException("ucum-essence.xml is missing from the classpath");
            }
            this.ucum = new UcumEssenceService(essence);
        }
    }

    /**
     * {@code value} in {@code unit} expressed in {@code target}; empty when the unit is unknown or not
     * commensurable with the target.
     */
    public Optional<BigDecimal> convert(BigDecimal value, String unit, String target) {
        // UCUM parses the whole string before failing: a unit far longer than any real one is refused first.
        if (unit == null || unit.isBlank() || unit.length() > MAX_UNIT_LENGTH || !saneNumbers(unit)) {
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
        var conversion = UCUM_THREADS.submit(() -> {
            if (ucum.validate(unit) != null) {
                return Optional.<BigDecimal>empty();
            }
            Decimal converted = ucum.convert(new Decimal(value.toPlainString()), unit, target);
            return Optional.of(new BigDecimal(converted.asDecimal()));
        });
        try {
            return conversion.get(UCUM_TIME_BOX_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            conversion.cancel(true);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A quantity in {@code target} units, through UCUM; empty when it has no value or cannot be converted. */
    public Optional<BigDecimal> toUnit(Quantity q, String target) {
        return toUnit(ObservedQuantity.of(q), target);
    }

    Optional<BigDecimal> toUnit(ObservedQuantity q, String target) {
        if (!q.hasValue()) {
            return Optional.empty();
        }
        return convert(q.value(), q.conversionUnit(), target);
    }
}
