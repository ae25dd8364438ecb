package org.inocds.regimen;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BsaFormulaTest {

    /** Expected values computed independently of this code (Python, double precision), rounded half-up to 0.01 m². */
    @ParameterizedTest(name = "{0}: {1} cm, {2} kg → {3} m²")
    @CsvSource({
        "MOSTELLER, 178, 81, 2.00",    // √(14418/3600) = 2.0012
        "MOSTELLER, 158, 52.4, 1.52",  // √(8279.2/3600) = 1.5165
        "MOSTELLER, 170, 64, 1.74",    // √(10880/3600) = 1.7385
        "MOSTELLER, 150, 40, 1.29",    // √(6000/3600) = 1.2910
        "DUBOIS, 170, 64, 1.74",       // 0.007184 × 64^0.425 × 170^0.725 = 1.7421
        "DUBOIS, 158, 52.4, 1.52",     // = 1.5174
        "FUJIMOTO, 170, 64, 1.70",     // 0.008883 × 64^0.444 × 170^0.663 = 1.6955
        "FUJIMOTO, 158, 52.4, 1.48"    // = 1.4779
    })
    void squareMeters(BsaFormula formula, String height, String weight, String expected) {
        assertThat(formula.squareMeters(new BigDecimal(height), new BigDecimal(weight)))
                .isEqualByComparingTo(expected)
                .hasScaleOf(2);
    }
}
