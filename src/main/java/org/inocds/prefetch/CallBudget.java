package org.inocds.prefetch;

/**
 * The FHIR-server budget of one CDS call ({@code inocds.fetch.call-deadline} and {@code max-call-size}), shared by every
 * fetch the call makes — the prefetch keys (patient-view's in two steps) and the Medications its orders and dose history
 * reference — so that together they keep to one deadline; their bytes are also charged to the budget shared by all calls.
 * It starts with the call's first fetch.
 */
public final class CallBudget {

    private final FetchedDataBudget.Charge shared;
    private FetchBudget budget;

    /** @param shared the call's share of the fetched-data budget of all calls ({@link PatientDataGatherer#openCharge()}) */
    public CallBudget(FetchedDataBudget.Charge shared) {
        this.shared = shared;
    }

    synchronized FetchBudget get(FhirServerClient client) {
        if (budget == null) {
            budget = client.newBudget(shared);
        }
        return budget;
    }
}
