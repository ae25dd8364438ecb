package org.inocds.record;

import java.util.Set;

/**
 * A set of codes loaded from a FHIR ValueSet (its {@code compose.include} concepts). Matching is by exact
 * system and code; a {@code filter} with {@code op = "regex"} on {@code code} lets a site match a code
 * family (e.g. a JLAC10 analyte prefix) without listing every code.
 */
public record CodeSet(String url, Set<String> systemAndCodes, java.util.List<Prefix> prefixes) {

    /** Codes of {@code system} that start with {@code prefix}. */
    public record Prefix(String system, String prefix) {}

    public CodeSet {
        systemAndCodes = Set.copyOf(systemAndCodes);
        prefixes = java.util.List.copyOf(prefixes);
    }

    public boolean contains(String system, String code) {
        if (system == null || code == null) {
            return false;
        }
        if (systemAndCodes.contains(system + "|" + code)) {
            return true;
        }
        for (Prefix p : prefixes) {
            if (p.system().equals(system) && code.startsWith(p.prefix())) {
                return true;
            }
        }
        return false;
    }
}
