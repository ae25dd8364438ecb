package org.inocds.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.inocds.regimen.BodySurfaceArea;
import org.inocds.regimen.ExpectedDose;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.RegimenPosition;
import org.inocds.regimen.RegimenTimeline;

/**
 * What a dosing card shows and puts in {@code extension.inocds.finding}: the position, the planned date,
 * the BSA and its inputs, the expected and the ordered dose, and the reconstructed timeline (the label digest "Regimen":
 * "show the reconstructed timeline on every dosing card").
 */
public record DoseEvidence(
        RegimenPosition position,
        LocalDate plannedDate,
        Optional<BodySurfaceArea> bsa,
        Optional<ExpectedDose> expected,
        Optional<BigDecimal> orderedMg,
        Optional<OrderPlacement> placement,
        Optional<RegimenTimeline> timeline) {

    /** The same evidence with the timeline attached, for the card. */
    public static DoseEvidence of(RuleContext ctx, Optional<BodySurfaceArea> bsa, Optional<ExpectedDose> expected) {
        var order = ctx.order().orElseThrow();
        return new DoseEvidence(ctx.position().orElseThrow(), order.plannedDate(), bsa, expected, order.doseMg(),
                ctx.placement(), Optional.of(ctx.timeline()));
    }
}
