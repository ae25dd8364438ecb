package org.inocds.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A set of codes loaded from a FHIR ValueSet (its {@code compose.include} concepts). Matching is by exact
 * system and code; a {@code filter} with {@code op = "regex"} on {@code code} lets a site match a code
 * family (e.g. a JLAC10 analyte prefix) without listing every code.
 */
public final class CodeSet {

    /** Codes of {@code system} that start with {@code prefix}. */
    public record Prefix(String system, String prefix) {}

    private final String url;
    private final Set<String> systemAndCodes;
    private final List<Prefix> prefixes;
    private final Set<String> names;
    /** The same codes by system, so that matching a coding builds no string: it runs for every coding of every result. */
    private final Map<String, Set<String>> codesBySystem;

    /**
     * @param systemAndCodes the listed codes, each as {@code system|code}
     * @param names the ingredient names written as {@code designation}s on the ValueSet's concepts (English and
     *     Japanese): the last resort for an order that carries no known code, reported as matched by name
     *     (docs/rule-catalogue.md DQ-4, VOD-2)
     */
    public CodeSet(String url, Set<String> systemAndCodes, List<Prefix> prefixes, Set<String> names) {
        this.url = url;
        this.systemAndCodes = Set.copyOf(systemAndCodes);
        this.prefixes = List.copyOf(prefixes);
        this.names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        // a system is a URI and has no '|'; a code may
        this.codesBySystem = this.systemAndCodes.stream().collect(Collectors.groupingBy(sc -> sc.substring(0, sc.indexOf('|')),
                Collectors.mapping(sc -> sc.substring(sc.indexOf('|') + 1), Collectors.toUnmodifiableSet())));
    }

    public String url() {
        return url;
    }

    /** The listed codes, each as {@code system|code}. */
    public Set<String> systemAndCodes() {
        return systemAndCodes;
    }

    public List<Prefix> prefixes() {
        return prefixes;
    }

    /** The ingredient names, lower-cased. */
    public Set<String> names() {
        return names;
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
        Set<String> codes = codesBySystem.get(system);
        if (codes != null && codes.contains(code)) {
            return true;
        }
        for (Prefix p : prefixes) {
            if (p.system().equals(system) && code.startsWith(p.prefix())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "CodeSet[" + url + ", " + systemAndCodes.size() + " codes, " + prefixes.size() + " prefixes]";
    }
}
