package org.inocds.prefetch;

import java.net.URI;
import java.util.Optional;

/**
 * How to reach the EHR's FHIR server for this call: its base URL ({@code fhirServer}) and the bearer token
 * from {@code fhirAuthorization}. The token is never logged and is sent to this origin only.
 */
public record FhirAccess(URI baseUrl, Optional<String> bearerToken) {

    @Override
    public String toString() {
        return "FhirAccess[" + baseUrl + ", token " + (bearerToken.isPresent() ? "present" : "absent") + "]";
    }
}
