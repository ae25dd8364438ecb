package org.inocds.record;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Optional;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;
import org.springframework.stereotype.Component;

/**
 * Unit conversion through UCUM (org.fhir:ucum). A unit UCUM cannot convert is never guessed: the caller
 * gets an empty result and reports it (DQ-1, DQ-4).
 */
@Component
public class Units {

    private final UcumService ucum;

    public Units() throws IOException, UcumException {
        try (InputStream essence = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (essence == null) {
                throw new IllegalStateException("ucum-essence.xml is missing from the classpath");
            }
            this.ucum = new UcumEssenceService(essence);
        }
    }

    /**
     * {@code value} in {@code unit} expressed in {@code target}; empty when the unit is unknown or not
     * commensurable with the target.
     */
    public Optional<BigDecimal> convert(BigDecimal value, String unit, String target) {
        if (unit == null || unit.isBlank()) {
            return Optional.empty();
        }
        try {
            if (ucum.validate(unit) != null) {
                return Optional.empty();
            }
            Decimal converted = ucum.convert(new Decimal(value.toPlainString()), unit, target);
            return Optional.of(new BigDecimal(converted.asDecimal()));
        } catch (UcumException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
