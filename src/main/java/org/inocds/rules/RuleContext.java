package org.inocds.rules;

import java.time.LocalDate;
import java.util.Optional;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.RegimenPosition;

/**
 * Everything a rule may read for one evaluation: the hook, the patient's facts, the order under review
 * (absent on patient-view) and its position in the regimen when it is known.
 */
public record RuleContext(
        Hook hook,
        PatientRecord record,
        Optional<DraftOrder> order,
        Optional<RegimenPosition> position,
        LocalDate today,
        RuleSettings settings) {}
