package org.inocds.reader;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A set of codes loaded from a FHIR ValueSet (its {@code compose.include} concepts). Matching is by exact
 * system and code; a {@code filter} with {@code op = "regex"} on {@code code} lets a site match a code
 * family (e.g. a JLAC10 analyte prefix) without listing every code.
 *
 * @param names the ingredient names written as {@code designation}s on the ValueSet's concepts (English and Japanese),
 *     lower-cased: the last resort for an order that carries no known code, reported as matched by name
 *     (docs/rule-catalogue.md DQ-4, VOD-2)
 */
public record CodeSet(String url, Set<String> systemAndCodes, List<Prefix> prefixes, Set<String> names) {

    /** Codes of {@code system} that start with {@code prefix}. */
    public record Prefix(String system, String prefix) {}

    public CodeSet {
        systemAndCodes = Set.copyOf(systemAndCodes);
        prefixes = List.copyOf(prefixes);
        names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code text} (an order's text or a coding's display) contains one of the ingredient names. */
    public boolean namedIn(String text) {
        if (text == null || text.isEmpty() || names.isEmpty()) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return names.stream().anyMatch(lower::contains);
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
