package org.inocds.rules;

import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inocds.record.RecordPart;

/**
 * What each rule of a family reads, declared once beside the rule (the rule catalogue "data" column): the rule book drops a
 * finding whose rule read a part that failed or was cut short, so no rule concludes from data it never got, and the
 * data-quality card names the rules each missing part leaves unevaluated — both from this declaration.
 */
public final class DataNeeds {

    /** The dose history: which cycle and day an order falls on. */
    static final RecordPart[] DOSES = {RecordPart.MEDICATION_REQUESTS, RecordPart.MEDICATION_ADMINISTRATIONS};
    /**
     * The dose level and delays too: reductions are judged with the BSA (body measurements) and cycle 1 may run to 28
     * days after CR/CRi (labs, key observations, conditions).
     */
    static final RecordPart[] LEVEL = {RecordPart.MEDICATION_REQUESTS, RecordPart.MEDICATION_ADMINISTRATIONS,
            RecordPart.BODY_MEASUREMENTS, RecordPart.LABS, RecordPart.KEY_OBSERVATIONS, RecordPart.CONDITIONS};

    private final Map<String, Set<RecordPart>> byRule = new LinkedHashMap<>();
    /** Rules that read the drugs of the call's other draft orders: silent while one of them could not be resolved. */
    private final Set<String> draftReaders = new LinkedHashSet<>();

    private DataNeeds() {}

    public static DataNeeds rule(String id, RecordPart[]... parts) {
        return new DataNeeds().and(id, parts);
    }

    public DataNeeds and(String id, RecordPart[]... parts) {
        Set<RecordPart> set = EnumSet.noneOf(RecordPart.class);
        for (RecordPart[] group : parts) {
            Collections.addAll(set, group);
        }
        byRule.put(id, Collections.unmodifiableSet(set));
        return this;
    }

    /**
     * These rules also read the drugs of the call's other draft orders (premedication, alkylators, antineoplastics): an
     * order whose Medication could not be resolved may be any of them, so they conclude nothing while one is there.
     */
    public DataNeeds andDraftOrders(String... ids) {
        Collections.addAll(draftReaders, ids);
        return this;
    }

    public boolean readsDraftOrders(String ruleId) {
        return draftReaders.contains(ruleId);
    }

    /** One part, for a rule that reads it alongside groups such as {@link #DOSES}. */
    public static RecordPart[] of(RecordPart... parts) {
        return parts;
    }

    public List<String> ruleIds() {
        return List.copyOf(byRule.keySet());
    }

    public Set<RecordPart> partsOf(String ruleId) {
        return byRule.getOrDefault(ruleId, Set.of());
    }

    public Map<String, Set<RecordPart>> asMap() {
        return Collections.unmodifiableMap(byRule);
    }
}
