package org.inocds.record;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A Condition, Procedure, ServiceRequest, CarePlan or qualitative Observation reduced to what the rules
 * ask: which concept, in which state, since when.
 *
 * @param status ACTIVE (ongoing, or planned for HSCT), REMISSION, RESOLVED, DONE (a completed procedure),
 *     POSITIVE / NEGATIVE (a qualitative result)
 * @param date onset, performed or effective date when known
 */
public record ClinicalFact(ClinicalConcept concept, Status status, Optional<LocalDate> date, String display, String sourceRef) {

    public enum Status { ACTIVE, PLANNED, REMISSION, RESOLVED, DONE, POSITIVE, NEGATIVE }
}
