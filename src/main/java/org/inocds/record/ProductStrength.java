package org.inocds.record;

import java.math.BigDecimal;

/**
 * How much drug a vial holds and in how much water it is reconstituted (適用上の注意: 1 mg in 4 mL → 0.25 mg/mL;
 * settings {@code inocds.dosing.vial-mg} and {@code reconstitution-ml}), so that an order written in vials or mL of
 * the reconstituted solution — as JP Core injection orders are — can be read in mg.
 */
public record ProductStrength(BigDecimal vialMg, BigDecimal reconstitutionMl) {

    public static final ProductStrength LABEL = new ProductStrength(BigDecimal.ONE, new BigDecimal("4"));

    public BigDecimal mgOfVials(BigDecimal vials) {
        return vials.multiply(vialMg);
    }

    /** mL of the reconstituted solution → mg, exactly: mL × vial mg ÷ mL per vial (0.25 divides exactly). */
    public BigDecimal mgOfReconstitutedMl(BigDecimal ml) {
        return ml.multiply(vialMg).divide(reconstitutionMl, java.math.MathContext.DECIMAL64);
    }
}
