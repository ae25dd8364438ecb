package org.inocds.prefetch;

/** The service holds as much fetched FHIR data as it may at once (FetchedDataBudget): the call is refused, 503. */
public class FetchedDataBusyException extends RuntimeException {
    public FetchedDataBusyException() {
        super("the service is holding as much fetched FHIR data as it may at once; retry shortly");
    }
}
