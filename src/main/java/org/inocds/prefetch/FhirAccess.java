package org.inocds.prefetch;

import java.net.URI;
import java.util.Optional;

/**
 * How to reach the EHR's FHIR server for this call: its base URL ({@code fhirServer}) and the bearer token
 * from {@code fhirAuthorization}. The token is never logged and is sent to this origin only. {@code thisService}: the
 * server is this process's own embedded sandbox (as {@link FhirServerPolicy} decided), so each fetch proves itself the
 * service's own ({@link org.inocds.security.SelfFetch}) and does not count against the caller's share of workers.
 */
public record FhirAccess(URI baseUrl, Optional<String> bearerToken, boolean thisService) {

    /** Another FHIR server than this service's own sandbox. */
    public FhirAccess(URI baseUrl, Optional<String> bearerToken) {
        this(baseUrl, bearerToken, false);
    }

    @Override
    public String toString() {
        return "FhirAccess[" + baseUrl + ", token " + (bearerToken.isPresent() ? "present" : "absent")
                + (thisService ? ", this service's sandbox" : "") + "]";
    }
}
