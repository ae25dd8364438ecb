package org.inocds.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** UCUM conversions, first call (through UCUM) and cached factor (exact decimal) giving the same answers. */
class UnitsTest {

    private final Units units = newUnits();

    private static Units newUnits() {
        try {
            return new Units();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} → {3} {2}")
    @CsvSource({
        "2.1, 10*3/uL, /uL, 2100", "5.0, 10*4/uL, /uL, 50000", "50, 10*9/L, /uL, 50000", "1600, ug, mg, 1.6",
        "154, [lb_av], kg, 69.85322498", "70, [in_i], cm, 177.8", "0.002, g, mg, 2", "1.5, m2, m2, 1.5"
    })
    void convertsTheSameTwice(String value, String unit, String target, String expected) {
        var first = units.convert(new BigDecimal(value), unit, target);
        var again = units.convert(new BigDecimal(value), unit, target);
        assertThat(first).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
        assertThat(again).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @Test
    void unknownOrIncommensurableUnitsAreEmpty() {
        assertThat(units.convert(BigDecimal.ONE, "K/uL", "/uL")).isEmpty();
        assertThat(units.convert(BigDecimal.ONE, "mg", "kg/m2")).isEmpty();
        assertThat(units.convert(BigDecimal.ONE, "", "mg")).isEmpty();
        assertThat(units.convert(BigDecimal.ONE, "mg", "mL")).isEmpty();
    }

    @Test
    void specialUnitsThatThisUcumLibraryDoesNotConvertStayUnconverted() {
        // °C → K has an offset; org.fhir:ucum does not convert it, and nothing here guesses it either
        assertThat(units.convert(BigDecimal.ZERO, "Cel", "K")).isEmpty();
        assertThat(units.convert(BigDecimal.TEN, "Cel", "K")).isEmpty();
    }

    @Test
    void absurdlyLongUnitsAreRefusedBeforeUcumAndShownCut() {
        String longUnit = "10*3/uL" + "x".repeat(60_000);
        assertThat(units.convert(BigDecimal.ONE, longUnit, "/uL")).isEmpty();
        assertThat(Units.shown(longUnit)).hasSize(Units.MAX_UNIT_LENGTH + 1).endsWith("…");
        assertThat(Units.shown("10*3/uL")).isEqualTo("10*3/uL");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} is refused before UCUM")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mg999999999", "10*999999999.mg", "10^-999999999.g", "mg1000", "10*1234/L"})
    void unitsWithNumbersNoLaboratoryUsesAreRefusedAtOnce(String unit) {
        long start = System.nanoTime();
        assertThat(units.convert(BigDecimal.ONE, unit, "mg")).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(Units.UCUM_TIME_BOX_MS);
    }

    @Test
    void realUnitsWithNumbersStillConvert() {
        assertThat(Units.saneNumbers("10*3/uL")).isTrue();
        assertThat(Units.saneNumbers("mL/min/{1.73_m2}")).isTrue();
        assertThat(Units.saneNumbers("{annotation 123456}mg")).isTrue();
        assertThat(units.convert(new BigDecimal("50"), "10*3/uL", "/uL")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("50000"));
        assertThat(units.convert(new BigDecimal("5.0"), "10*4/uL", "/uL")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("50000"));
    }

    /** Issue 22, defect 2: exponents that pass the digit guard but no laboratory uses; each pinned a core for minutes. */
    @ParameterizedTest(name = "{0} is refused at once and leaves no UCUM thread busy")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "mg999", "mg-999", "[pi]999", "10*999.10*999.mg", "Cel999", "%999", "mg4", "m-4", "10*25/L", "10^-25.g",
        "[pi]2", "[pi]3.[pi]3.[pi]3", "10*24.10*24.10*24.g", "g.g.g.g.g.g.g.g.g", "deg3"})
    void exponentsNoLaboratoryUsesAreRefusedBeforeUcum(String unit) {
        long start = System.nanoTime();
        assertThat(units.withinBounds(unit)).isFalse();
        assertThat(units.convert(BigDecimal.ONE, unit, "mg")).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(Units.UCUM_TIME_BOX_MS);
        assertThat(units.conversionsTimedOut()).isZero();
        assertThat(units.convert(new BigDecimal("2.1"), "10*3/uL", "/uL")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2100"));
        assertThat(units.conversionsAvailable()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} → {3} {2}")
    @CsvSource({
        "2.1, 10*3/uL, /uL, 2100", "50, 10*9/L, /uL, 50000", "5.0, 10*4/uL, /uL, 50000", "0.5, 10*6/uL, /uL, 500000",
        "180, mg/dL, g/L, 1.8", "34, umol/L, mmol/L, 0.034", "40, U/L, U/mL, 0.04", "45, %, 1, 0.45", "90, fL, L, 9.0E-14",
        "12.5, g/dL, g/L, 125", "120, mm[Hg], kPa, 15.99864", "1.2, mg/dL, mg/L, 12", "60, mL/min/{1.73_m2}, mL/h, 3600",
        "3.2, 10*12/L, /uL, 3200000", "70, kg, g, 70000", "170, cm, m, 1.7", "1.8, m2, cm2, 18000", "0.9, mg/kg, g/kg, 0.0009",
        "4, 10^3/uL, /uL, 4000", "7, /mm3, /uL, 7"
    })
    void realLaboratoryUnitsStillConvert(String value, String unit, String target, String expected) {
        assertThat(units.withinBounds(unit)).isTrue();
        assertThat(units.convert(new BigDecimal(value), unit, target))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(expected));
    }

    @Test
    void boundsAreExact() {
        assertThat(units.withinBounds("m3")).isTrue();
        assertThat(units.withinBounds("m-3")).isTrue();
        assertThat(units.withinBounds("m4")).isFalse();
        assertThat(units.withinBounds("10*24/L")).isTrue();
        assertThat(units.withinBounds("10*-24/L")).isTrue();
        assertThat(units.withinBounds("10*25/L")).isFalse();
        assertThat(units.withinBounds("deg2")).isTrue(); // 2 × 27 characters
        assertThat(units.withinBounds("deg3")).isFalse(); // 3 × 27
        assertThat(units.withinBounds("[pi]")).isFalse(); // 66: no laboratory counts in π
        assertThat(units.withinBounds("g.g.g.g.g.g.g.g")).isTrue();
        assertThat(units.withinBounds("g.g.g.g.g.g.g.g.g")).isFalse();
    }

    @Test
    void aConversionPastItsBoxIsStoppedAndLeavesTheThreadsFree() throws Exception {
        var threads = new UcumThreads(2, 100);
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            assertThat(threads.run(() -> {
                long x = 0;
                while (true) { // computes, never looks at an interrupt, as UCUM does
                    x++;
                    if (x == Long.MIN_VALUE) {
                        return x;
                    }
                }
            })).isEmpty();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        }
        assertThat(threads.timedOut()).isEqualTo(4);
        assertThat(threads.available()).isTrue();
        assertThat(threads.run(() -> 42)).contains(42);
        Thread.sleep(100);
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ucum") && t.getState() == Thread.State.RUNNABLE)).isEmpty();
    }

    @Test
    void whereTheRuntimeCannotStopAThreadConversionsAnswerAtOnceAndAreReportedUnavailableUntilItEnds() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        var threads = new UcumThreads(2, 100, false);
        for (int i = 0; i < 2; i++) {
            assertThat(threads.run(() -> {
                while (release.getCount() > 0) {
                    Thread.onSpinWait();
                }
                return 1;
            })).isEmpty();
        }
        assertThat(threads.available()).isFalse();
        long start = System.nanoTime();
        assertThat(threads.run(() -> 42)).isEmpty(); // not queued behind the held threads
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(50);
        release.countDown();
        for (int i = 0; i < 100 && !threads.available(); i++) {
            Thread.sleep(10);
        }
        assertThat(threads.available()).isTrue();
        assertThat(threads.run(() -> 42)).contains(42);
    }
}
