package org.inocds.record;

import java.util.List;

/**
 * Something wrong with the data itself that a clinician must see (the rule catalogue DQ-1…DQ-4): the service
 * fails visibly instead of guessing.
 *
 * @param ruleId DQ-1…DQ-4
 * @param kind what went wrong, a message key suffix (e.g. {@code fetch-failed}, {@code unit-unknown})
 * @param subject the data concerned (a prefetch key, a resource reference, a lab name)
 * @param detail what was received or why it failed, shown verbatim (never patient identifiers)
 * @param rulesNotEvaluated rule ids that could not be evaluated because of it
 */
public record DataIssue(String ruleId, String kind, String subject, String detail, List<String> rulesNotEvaluated) {}
