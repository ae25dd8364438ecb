package org.inocds.regimen;

import java.math.BigDecimal;
import java.util.Optional;
import org.inocds.record.BodyMeasure;

/**
 * The BSA used for a dose, with its inputs so that the card can show them (the label digest "Regimen": "always show the
 * inputs, their dates and the formula").
 *
 * @param recorded the BSA observation used as is, when one was recent enough
 * @param height height used by the formula (empty when {@code recorded} is used)
 * @param weight weight used by the formula (empty when {@code recorded} is used)
 */
public record BodySurfaceArea(
        BigDecimal squareMeters,
        BsaFormula formula,
        Optional<BodyMeasure> recorded,
        Optional<BodyMeasure> height,
        Optional<BodyMeasure> weight) {

    public boolean isRecorded() {
        return recorded.isPresent();
    }
}
