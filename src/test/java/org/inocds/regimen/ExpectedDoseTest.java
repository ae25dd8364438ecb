package org.inocds.regimen;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpectedDoseTest {

    @ParameterizedTest(name = "C{0}D{1}, CR/CRi {2} → {3} mg/m²")
    @CsvSource({
        "1, 1, false, 0.8", "1, 8, false, 0.5", "1, 15, false, 0.5",
        "2, 1, false, 0.8", "2, 1, true, 0.5", "3, 8, true, 0.5",
        "1, 1, true, 0.8"   // CR/CRi changes day 1 from cycle 2 on only
    })
    void labelDosesPerSquareMeter(int cycle, int day, boolean remission, String mgPerM2) {
        assertThat(DoseSchedule.fullMgPerM2(cycle, day, remission)).isEqualByComparingTo(mgPerM2);
    }

    @ParameterizedTest(name = "{0} mg/m² at level {1} × {2} m² → {3} mg")
    @CsvSource({
        "0.8, 0, 1.52, 1.22",   // 1.216 rounds up
        "0.8, 0, 1.73, 1.38",   // 1.384 rounds down
        "0.5, 0, 1.73, 0.87",   // 0.865 rounds half up
        "0.8, 1, 1.73, 1.04",   // 0.6 × 1.73 = 1.038
        "0.5, 1, 1.74, 0.65",   // 0.375 × 1.74 = 0.6525
        "0.5, 2, 2.00, 0.75"
    })
    void roundsHalfUpToHundredthsOfAMilligram(String perM2, int level, String bsa, String mg) {
        var dose = ExpectedDose.of(new BigDecimal(perM2), level, new BigDecimal(bsa));
        assertThat(dose.mg()).isEqualByComparingTo(mg).hasScaleOf(2);
    }
}
