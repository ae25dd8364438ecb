package org.inocds.smart;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a completed launch leaves in the server-side session (never in a URL, a page or a log): the EHR's FHIR base, the
 * access token for it, the patient of the launch context, when the token expires, and the order being composed that the
 * card passed as {@code appContext}, and who is viewing (from the verified id_token's {@code fhirUser} and name). Not serialisable, so a servlet container never writes it to disk.
 */
record SmartSession(URI fhirBase, String accessToken, String patient, Optional<Instant> expiresAt, Optional<LocalDate> plannedDate,
        Optional<BigDecimal> plannedMg, Optional<String> viewer) {

    static final String ATTRIBUTE = SmartSession.class.getName();

    boolean expired(Instant now) {
        return expiresAt.map(e -> !now.isBefore(e)).orElse(false);
    }

    @Override
    public String toString() {
        return "SmartSession[" + fhirBase + ", token present]";
    }
}
