package org.inocds.record;

import java.time.LocalDate;
import java.util.Optional;

/**
 * An AdverseEvent as the toxicity and infusion-reaction rules read it (TOX-1, INF-1, INF-2).
 *
 * @param grade the CTCAE grade from the HL7 ae-grade extension, else mapped from severity
 *     (mild 1, moderate 2, severe 3) and then said so ({@code gradeFromSeverity})
 * @param ongoing outcome not resolved (or not stated)
 * @param hematologic a blood-count event (excluded from TOX-1: HEM rules judge counts)
 * @param infusionReaction an infusion-related reaction
 * @param serious seriousness = serious
 */
public record AdverseEventFact(
        String display,
        Optional<Integer> grade,
        boolean gradeFromSeverity,
        boolean ongoing,
        Optional<LocalDate> date,
        boolean hematologic,
        boolean infusionReaction,
        boolean serious,
        String eventKey,
        String sourceRef) {}
