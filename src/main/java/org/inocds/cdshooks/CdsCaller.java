package org.inocds.cdshooks;

import jakarta.servlet.http.HttpServletRequest;
import org.inocds.security.LogSafe;
import org.inocds.security.VerifiedClient;

/** Who a call comes from, as issued cards and feedback record it: the verified client, else {@value #ANONYMOUS}. */
public final class CdsCaller {

    public static final String ANONYMOUS = "anonymous";

    private CdsCaller() {}

    public static String of(HttpServletRequest http) {
        // at most 291 characters: within the 300 of issued_card.issued_to and card_feedback.given_by
        return VerifiedClient.of(http).map(c -> LogSafe.of(c.issuer() + " " + c.subject(), 290)).orElse(ANONYMOUS);
    }
}
