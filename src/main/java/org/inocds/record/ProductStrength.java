package org.inocds.record;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * How much drug a vial holds and in how much water it is reconstituted (適用上の注意: 1 mg in 4 mL → 0.25 mg/mL;
 * settings {@code inocds.dosing.vial-mg} and {@code reconstitution-ml}), so that an order written in vials or mL of
 * the reconstituted solution — as JP Core injection orders are — can be read in mg.
 */
public record ProductStrength(BigDecimal vialMg, BigDecimal reconstitutionMl) {

    public static final ProductStrength LABEL = new ProductStrength(BigDecimal.ONE, new BigDecimal("4"));

    /** Units of an amount counted in vials: MERIT-9 HON, and the words JP systems write (瓶, 本, vial). */
    public static final Set<String> VIAL_UNITS = Set.of("hon", "瓶", "本", "vial", "vials", "{vial}", "{vials}", "vil");

    public static boolean isVials(String unit) {
        return unit != null && VIAL_UNITS.contains(unit.trim().toLowerCase(Locale.ROOT));
    }

    /** A quantity counted in vials, by its code (or, without one, its unit), or by the unit a person wrote beside the code. */
    public static boolean isVials(String code, String unit) {
        return isVials(code != null && !code.isEmpty() ? code : unit) || isVials(unit);
    }

    public static boolean isMillilitres(String unit) {
        return unit != null && unit.trim().equalsIgnoreCase("mL");
    }

    /** mg → vials, for a suggestion written in the order's own unit (rounded to 0.01 vial, as mg are). */
    public BigDecimal vialsOfMg(BigDecimal mg) {
        return mg.divide(vialMg, 2, RoundingMode.HALF_UP);
    }

    /** mg → mL of the reconstituted solution (rounded to 0.01 mL). */
    public BigDecimal reconstitutedMlOfMg(BigDecimal mg) {
        return mg.multiply(reconstitutionMl).divide(vialMg, 2, RoundingMode.HALF_UP);
    }

    public BigDecimal mgOfVials(BigDecimal vials) {
        return vials.multiply(vialMg);
    }

    /** mL of the reconstituted solution → mg, exactly: mL × vial mg ÷ mL per vial (0.25 divides exactly). */
    public BigDecimal mgOfReconstitutedMl(BigDecimal ml) {
        return ml.multiply(vialMg).divide(reconstitutionMl, MathContext.DECIMAL64);
    }
}
