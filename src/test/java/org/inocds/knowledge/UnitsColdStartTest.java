package org.inocds.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.inocds.record.Analyte;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first call after a start must read laboratory units as every later call does. On a cold, loaded machine UCUM's
 * first conversions (class loading, the JIT) outran the 500 ms time box, so a patient's AST of 21 U/L was shown as "a
 * unit the service cannot convert" and HEP-2, MON-1 and VOD-1 were skipped for that call. The units laboratories and
 * orders send are worked out when the service starts, so no call depends on how warm the JVM is.
 *
 * <p>Here the time box is zero: any conversion not already worked out at start is given up, as a cold one was.
 */
class UnitsColdStartTest {

    private static Units unitsWithNoTimeToConvert() {
        try {
            return new Units(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} {1} → {3} {2} without UCUM at call time")
    @CsvSource({
        "21, U/L, U/L, 21", "0.6, mg/dL, mg/dL, 0.6", "6, mg/L, mg/dL, 0.6", "900, /uL, /uL, 900",
        "0.9, 10*3/uL, /uL, 900", "0.9, 10*9/L, /uL, 900", "900, /mm3, /uL, 900", "9, 10*2/uL, /uL, 900", "0.09, 10*4/uL, /uL, 900",
        "45, %, %, 45", "450, ms, ms, 450", "0.45, s, ms, 450",
        "60, kg, kg, 60", "60000, g, kg, 60", "170, cm, cm, 170", "1.7, m, cm, 170", "1.6, m2, m2, 1.6",
        "1.6, mg, mg, 1.6", "1600, ug, mg, 1.6", "0.8, mg/m2, mg/m2, 0.8", "800, ug/m2, mg/m2, 0.8"
    })
    void laboratoryAndDoseUnitsConvertOnTheFirstCall(String value, String unit, String target, String expected) {
        Units units = unitsWithNoTimeToConvert();
        assertThat(units.convert(new BigDecimal(value), unit, target))
            .hasValueSatisfying(v -> assertThat(v.setScale(8, java.math.RoundingMode.HALF_UP)).isEqualByComparingTo(expected));
    }

    @Test
    void everyUnitTheRecordKeepsHasTheUnitsSentForItWorkedOutAtStart() {
        for (Analyte analyte : Analyte.values()) {
            assertThat(Units.SENT_UNITS).as(analyte.name()).containsKey(analyte.unit());
        }
        assertThat(Units.SENT_UNITS).containsKeys("kg", "cm", "m2", "mg", "mg/m2");
    }

    @Test
    void aUnitNotWorkedOutAtStartIsStillBoundByTheTimeBox() throws InterruptedException {
        // the zero box bites: what start did not work out is not converted at call time
        assertThat(unitsWithNoTimeToConvert().convert(BigDecimal.ONE, "mmol/L", "umol/L")).isEmpty();
        // the given-up conversion's thread is stopped; wait for it to end, so that no later test sees it running
        for (int i = 0; i < 500 && UnitsPropertyTest.busyUcumThreads() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(UnitsPropertyTest.busyUcumThreads()).isZero();
    }
}
