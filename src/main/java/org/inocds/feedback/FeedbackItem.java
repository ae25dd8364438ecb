package org.inocds.feedback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One validated CDS Hooks 2.0 feedback entry.
 *
 * @param overrideReason {@code system|code} of the reason chosen, when one was
 * @param hadComment whether the clinician wrote a comment (its text is not kept)
 */
public record FeedbackItem(String cardUuid, String outcome, List<String> acceptedSuggestions, Optional<String> overrideSystem,
        Optional<String> overrideCode, boolean hadComment, Instant outcomeAt) {
}
