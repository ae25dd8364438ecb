package org.inocds.record;

import java.util.Optional;
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

    /** Units of a strength's denominator that mean one administration (JP Core injection orders: 1 回, MERIT-9 KAI). */
    public static final Set<String> PER_ADMINISTRATION_UNITS = Set.of("回", "kai", "{dose}", "dose", "{administration}");

    /**
     * A strength whose denominator is one administration states the amount given per dose (JP Core); any other
     * denominator (a vial, a mL, each) describes the product (the rule catalogue "Dose entries").
     */
    public static boolean isPerAdministration(String code, String unit) {
        return perAdministration(code) || perAdministration(unit);
    }

    private static boolean perAdministration(String unit) {
        return unit != null && PER_ADMINISTRATION_UNITS.contains(unit.trim().toLowerCase(Locale.ROOT));
    }

    /** Whether a unit is mg per m² (UCUM {@code mg/m2}, or written with a superscript). */
    public static boolean isMgPerM2(String unit) {
        return unit != null && unit.trim().replace("²", "2").equalsIgnoreCase("mg/m2");
    }

    /**
     * The product a Medication describes by its ingredient's strength, {@code mg} per {@code per} of a unit of the
     * product: per vial (its mg per vial; reconstituted to the same concentration as the label's vial, 1 mg in 4 mL) or
     * per mL (its concentration); empty for any other denominator (one administration included: that is a dose).
     */
    public static Optional<ProductStrength> stated(BigDecimal mg, BigDecimal per, String denominatorCode,
            String denominatorUnit, ProductStrength fallback) {
        if (per == null || per.signum() <= 0 || mg == null || mg.signum() <= 0 || isPerAdministration(denominatorCode, denominatorUnit)) {
            return Optional.empty();
        }
        BigDecimal perUnit = mg.divide(per, MathContext.DECIMAL64);
        if (isVials(denominatorCode, denominatorUnit)) {
            return Optional.of(new ProductStrength(perUnit,
                    fallback.reconstitutionMl().multiply(perUnit).divide(fallback.vialMg(), MathContext.DECIMAL64)));
        }
        String unit = denominatorCode != null && !denominatorCode.isEmpty() ? denominatorCode : denominatorUnit;
        if (isMillilitres(unit)) {
            return Optional.of(new ProductStrength(fallback.vialMg(), fallback.vialMg().divide(perUnit, MathContext.DECIMAL64)));
        }
        return Optional.empty();
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
