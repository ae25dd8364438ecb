package org.inocds.rules;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.inocds.record.Analyte;
import org.inocds.record.RecordPart;

/**
 * What one rule reads, declared once in its {@link RuleId} (the rule catalogue "data" column): the parts of the record
 * (one per prefetch key), the analytes among them, and whether it reads the call's other draft orders. The rule book
 * drops a finding whose rule read a part that failed or was cut short, so that no rule concludes from data it never got;
 * the data-quality cards name the rules a failed part, an unusable result or an unresolved draft leaves unevaluated — all
 * from this declaration, never from a list kept elsewhere.
 *
 * @param parts the parts of the record the rule reads
 * @param analytes the results among them it reads (a count derived from another, ANC from WBC × neutrophils %, counts both)
 * @param draftOrders whether it reads the drugs of the call's other draft orders (premedication, alkylators, antineoplastics)
 */
public record DataNeeds(Set<RecordPart> parts, Set<Analyte> analytes, boolean draftOrders) {

    public DataNeeds {
        parts = Collections.unmodifiableSet(parts.isEmpty() ? EnumSet.noneOf(RecordPart.class) : EnumSet.copyOf(parts));
        analytes = Collections.unmodifiableSet(analytes.isEmpty() ? EnumSet.noneOf(Analyte.class) : EnumSet.copyOf(analytes));
    }

    /** The order alone (its route, rate, dose entries, the call's other inotuzumab drafts). */
    public static final DataNeeds ORDER_ONLY = new DataNeeds(Set.of(), Set.of(), false);

    /** The dose history: which cycle and day an order falls on. */
    public static final DataNeeds DOSES = parts(RecordPart.MEDICATION_REQUESTS, RecordPart.MEDICATION_ADMINISTRATIONS);

    /**
     * The dose level and delays too: reductions are judged with the BSA (body measurements) and cycle 1 may run to 28
     * days after CR/CRi (labs, key observations, conditions: marrow blasts under 5 %, no blasts in the blood).
     */
    public static final DataNeeds LEVEL = DOSES.and(RecordPart.BODY_MEASUREMENTS, RecordPart.LABS, RecordPart.KEY_OBSERVATIONS,
            RecordPart.CONDITIONS).analytes(Analyte.MARROW_BLASTS_PERCENT, Analyte.PERIPHERAL_BLASTS_PERCENT, Analyte.PERIPHERAL_BLASTS);

    /** ANC and platelets; ANC may be derived from WBC × neutrophils % of the same draw (the label digest "Units"). */
    static final Analyte[] COUNTS = {Analyte.ANC, Analyte.PLATELETS, Analyte.WBC, Analyte.NEUTROPHILS_PERCENT};
    /** Peripheral blasts per µL, or WBC × blasts % of the same draw (ELIG-4). */
    static final Analyte[] BLASTS = {Analyte.PERIPHERAL_BLASTS, Analyte.PERIPHERAL_BLASTS_PERCENT, Analyte.WBC};
    /** The liver tests: total bilirubin, AST and ALT. */
    static final Analyte[] LIVER_TESTS = {Analyte.BILIRUBIN_TOTAL, Analyte.AST, Analyte.ALT};
    /** The pancreatic enzymes. */
    static final Analyte[] ENZYMES = {Analyte.LIPASE, Analyte.AMYLASE};

    public static DataNeeds parts(RecordPart... parts) {
        return ORDER_ONLY.and(parts);
    }

    /** These parts as well. */
    public DataNeeds and(RecordPart... more) {
        Set<RecordPart> all = EnumSet.noneOf(RecordPart.class);
        all.addAll(parts);
        Collections.addAll(all, more);
        return new DataNeeds(all, analytes, draftOrders);
    }

    /** These results among the parts read. */
    public DataNeeds analytes(Analyte... more) {
        Set<Analyte> all = EnumSet.noneOf(Analyte.class);
        all.addAll(analytes);
        Collections.addAll(all, more);
        return new DataNeeds(parts, all, draftOrders);
    }

    /**
     * The drugs of the call's other draft orders too: an order whose Medication could not be resolved may be any of them,
     * so such a rule concludes nothing while one is there.
     */
    public DataNeeds andDraftOrders() {
        return new DataNeeds(parts, analytes, true);
    }

    public boolean reads(RecordPart part) {
        return parts.contains(part);
    }

    public boolean reads(Analyte analyte) {
        return analytes.contains(analyte);
    }
}
