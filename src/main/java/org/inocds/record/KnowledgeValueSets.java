package org.inocds.record;

/**
 * Where the knowledge folder's ValueSets live: each concept, analyte and drug class is recognised through the ValueSet
 * at this base plus its id (docs/site-codes.md says how a site adds its own codes to them).
 */
public final class KnowledgeValueSets {

    public static final String BASE = "http://inocds.org/fhir/ValueSet/";

    private KnowledgeValueSets() {}
}
