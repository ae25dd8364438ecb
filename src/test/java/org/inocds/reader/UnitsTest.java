package org.inocds.reader;

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
}
