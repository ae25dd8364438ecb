package org.inocds.prefetch;

/**
 * The FHIR-server budget of one CDS call ({@code inocds.fetch.call-deadline} and {@code max-call-size}), shared by every
 * fetch the call makes — the prefetch keys (patient-view's in two steps) and the Medications its orders and dose history
 * reference — so that together they keep to one deadline. It starts with the call's first fetch.
 */
public final class CallBudget {

    private FetchBudget budget;

    synchronized FetchBudget get(FhirServerClient client) {
        if (budget == null) {
            budget = client.newBudget();
        }
        return budget;
    }
}
