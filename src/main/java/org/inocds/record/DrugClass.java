package org.inocds.record;

/** Classes of other medications the rules look for, each a ValueSet (ATC prefixes, RxNorm, site codes). */
public enum DrugClass {
    ANTINEOPLASTIC("antineoplastic"),
    ALKYLATING("alkylating-agent"),
    CYTOREDUCTION("cytoreduction"),
    CORTICOSTEROID("corticosteroid"),
    ANTIPYRETIC("antipyretic"),
    ANTIHISTAMINE("antihistamine");

    private final String valueSetId;

    DrugClass(String valueSetId) {
        this.valueSetId = valueSetId;
    }

    public String valueSetUrl() {
        return KnowledgeValueSets.BASE + valueSetId;
    }
}
