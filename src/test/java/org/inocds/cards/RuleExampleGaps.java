package org.inocds.cards;

import java.util.List;

/** The rules without an example card on their page, and why (the page says it too: {@code rule-page.no-example.*}). */
final class RuleExampleGaps {

    /** DQ-2, DQ-3: a FHIR server failing or paging beyond the limits; DQ-5: a family failing. No patient record makes them. */
    static final List<String> EXPECTED = List.of("DQ-2", "DQ-3", "DQ-5");

    private RuleExampleGaps() {}
}
