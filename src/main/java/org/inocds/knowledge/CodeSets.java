package org.inocds.knowledge;

import java.util.Map;
import java.util.Optional;
import org.inocds.record.KnowledgeValueSets;

/**
 * The code sets the service matches codes against, read once at start from the ValueSets under
 * {@code inocds.knowledge.locations} by {@code reader/ValueSetReader} (reading FHIR is the reader's job). ValueSets with
 * the same url from several locations are merged, so a site adds local codes in a folder of its own without a rebuild.
 */
public class CodeSets {

    public static final String BASE = KnowledgeValueSets.BASE;
    public static final String INOTUZUMAB = BASE + "inotuzumab";
    public static final String BODY_HEIGHT = BASE + "body-height";
    public static final String BODY_WEIGHT = BASE + "body-weight";
    public static final String BODY_SURFACE_AREA = BASE + "body-surface-area";
    public static final String INTRAVENOUS_ROUTE = BASE + "intravenous-route";

    private final Map<String, CodeSet> byUrl;

    /** The code sets by ValueSet url (read from the knowledge folders by {@code reader/ValueSetReader}). */
    public CodeSets(Map<String, CodeSet> byUrl) {
        this.byUrl = Map.copyOf(byUrl);
    }

    /** The code set of a ValueSet url; fails at once if the knowledge folder lacks it. */
    /** A ValueSet that a site may supply and the service does not ship. */
    public Optional<CodeSet> find(String url) {
        return Optional.ofNullable(byUrl.get(url));
    }

    /** How many ValueSets were loaded (the knowledge health check). */
    public int size() {
        return byUrl.size();
    }

    public CodeSet get(String url) {
        CodeSet set = byUrl.get(url);
        if (set == null) {
            throw new IllegalStateException("ValueSet " + url + " is not in the knowledge folders");
        }
        return set;
    }
}
