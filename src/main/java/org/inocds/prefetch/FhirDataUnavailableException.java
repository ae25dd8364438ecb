package org.inocds.prefetch;

/** Data the service needs was neither prefetched nor obtainable from a FHIR server (→ HTTP 412). */
public final class FhirDataUnavailableException extends RuntimeException {
    public FhirDataUnavailableException(String message) {
        super(message);
    }
}
