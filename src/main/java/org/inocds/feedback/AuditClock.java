package org.inocds.feedback;

import java.time.Clock;

/**
 * The clock that stamps issued cards and feedback: when a card was issued, when an outcome may have happened, what is
 * old enough to purge. It is the service's clock; apart from the clock that says what day "today" is for the rules so
 * that a test may fix the day of the patient's story while an EHR outside it (the public CDS Hooks sandbox) stamps its
 * feedback in real time.
 */
public record AuditClock(Clock clock) {}
