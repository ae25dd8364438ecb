package org.inocds.regimen;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Body-surface-area formulas named in the label digest "Regimen" (W in kg, H in cm, result in m²). The label doses by
 * BSA without naming a formula; the site chooses one ({@code inocds.dosing.bsa-formula}).
 */
public enum BsaFormula {
    /** √(H·W/3600). Default: the common choice in oncology and the easiest to check by hand. */
    MOSTELLER("√(H×W/3600)") {
        @Override
        double raw(double heightCm, double weightKg) {
            return Math.sqrt(heightCm * weightKg / 3600.0);
        }
    },
    /** 0.007184·W^0.425·H^0.725. */
    DUBOIS("0.007184×W^0.425×H^0.725") {
        @Override
        double raw(double heightCm, double weightKg) {
            return 0.007184 * Math.pow(weightKg, 0.425) * Math.pow(heightCm, 0.725);
        }
    },
    /** 0.008883·W^0.444·H^0.663, derived for Japanese adults. */
    FUJIMOTO("0.008883×W^0.444×H^0.663") {
        @Override
        double raw(double heightCm, double weightKg) {
            return 0.008883 * Math.pow(weightKg, 0.444) * Math.pow(heightCm, 0.663);
        }
    };

    private final String expression;

    /** Its name on a card is in the message bundles ({@code bsa-formula.<NAME>}); the expression is the same in every language. */
    BsaFormula(String expression) {
        this.expression = expression;
    }

    abstract double raw(double heightCm, double weightKg);

    /**
     * BSA rounded half-up to 0.01 m², the precision shown on the card, so that a pharmacist can redo the
     * dose by hand from the figures the card prints. The powers need floating point; no threshold is
     * compared here, and the rounded result is exact decimal from then on.
     */
    public BigDecimal squareMeters(BigDecimal heightCm, BigDecimal weightKg) {
        double value = raw(heightCm.doubleValue(), weightKg.doubleValue());
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException("no BSA for height and weight out of range");
        }
        return new BigDecimal(value, MathContext.DECIMAL64).setScale(2, RoundingMode.HALF_UP);
    }

    public String expression() {
        return expression;
    }
}
