package org.inocds.record;

import java.util.Locale;
import java.util.Optional;

/**
 * Something wrong with the data itself that a clinician must see: the service fails visibly instead of guessing. It says
 * only what failed — a part of the record (one prefetch key) or a result of an analyte — and how; which rules that leaves
 * unevaluated follows from what each rule declares it reads (the rules' {@code RuleId}), never from a list kept here.
 *
 * @param kind how it failed (the message key suffix of its data-quality card)
 * @param part the part of the record it leaves unknown or came from, when known
 * @param analyte the analyte of a result that could not be used
 * @param subject the data concerned as shown (a prefetch key, a resource reference, a lab name)
 * @param detail what was received or why it failed, shown verbatim (never patient identifiers)
 */
public record DataIssue(Kind kind, Optional<RecordPart> part, Optional<Analyte> analyte, String subject, String detail) {

    /** How data failed. */
    public enum Kind {
        /** A result or measurement whose unit UCUM cannot convert to the one the rules use. */
        UNIT_UNKNOWN,
        /** A body measurement no patient has (an entry error): never dosed on. */
        VALUE_IMPLAUSIBLE,
        /** The EHR sent an OperationOutcome for a prefetch key, or the service's own fetch failed. */
        FETCH_FAILED,
        /** A search cut at the page cap. */
        TRUNCATED,
        /** A resource HAPI cannot read as FHIR R4. */
        RESOURCE_UNREADABLE,
        /** A dose-history entry whose Medication could not be resolved: it may be an inotuzumab dose. */
        MEDICATION_UNRESOLVED;

        /** As the message bundles write it: {@code unit-unknown}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Whether the part it names is then unknown as a whole, so that no rule may conclude from its absence. */
        public boolean leavesPartUnknown() {
            return this == FETCH_FAILED || this == TRUNCATED || this == MEDICATION_UNRESOLVED;
        }
    }

    /** A result of {@code analyte} that could not be used. */
    public static DataIssue ofResult(Kind kind, Analyte analyte, String subject, String detail) {
        return new DataIssue(kind, Optional.empty(), Optional.of(analyte), subject, detail);
    }

    /** A part of the record that failed, or a value within it that could not be used. */
    public static DataIssue ofPart(Kind kind, RecordPart part, String subject, String detail) {
        return new DataIssue(kind, Optional.of(part), Optional.empty(), subject, detail);
    }

    /** Data that belongs to no part the rules read, or to one not known where it failed. */
    public static DataIssue of(Kind kind, String subject, String detail) {
        return new DataIssue(kind, Optional.empty(), Optional.empty(), subject, detail);
    }
}
