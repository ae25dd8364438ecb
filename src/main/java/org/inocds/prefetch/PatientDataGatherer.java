package org.inocds.prefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.inocds.observability.ServiceMetrics;
import org.inocds.reader.PatientData;
import org.inocds.reader.PrefetchOutcome;
import org.springframework.stereotype.Component;

/**
 * Gathers the data of one call (docs/design.md "Request handling" 2): each prefetch value the client sent is
 * used as given ({@code null} = nothing found, an OperationOutcome = the client's fetch failed); each key
 * it did not send is fetched from {@code fhirServer}, all keys at once. With keys missing and no server,
 * or a server that cannot be reached for any of them, the call fails with 412.
 */
@Component
public class PatientDataGatherer {

    private final FhirServerClient client;
    private final ServiceMetrics metrics;
    private final FetchedDataBudget fetched;

    public PatientDataGatherer(FhirServerClient client, ServiceMetrics metrics, FetchedDataBudget fetched) {
        this.client = client;
        this.metrics = metrics;
        this.fetched = fetched;
    }

    /**
     * A call's share of the fetched-data budget: every {@link #gather} of the call charges its fetched bytes to it;
     * close it once the call has been answered (its tree and record are held until then).
     */
    public FetchedDataBudget.Charge openCharge() {
        return fetched.open();
    }

    /** As {@link #gather(String, Map, Map, Optional, String, CallBudget)}, with a budget and share of its own (tests). */
    public PatientData gather(String patientId, Map<String, String> templates, Map<String, JsonNode> prefetch,
            Optional<FhirAccess> access, String whyNoAccess) {
        try (var charge = fetched.open()) {
            return gather(patientId, templates, prefetch, access, whyNoAccess, new CallBudget(charge));
        }
    }

    /**
     * @param prefetch the request's prefetch object (key → resource, or JSON null); may be empty
     * @param access the FHIR server to fetch missing keys from, if the client named one and it is allowed
     * @param whyNoAccess what the 412 says when keys are missing and there is no server to fetch them from
     * @param call the budget of the whole call, shared with its other fetches, and its share of the fetched-data budget
     * @throws FetchedDataBusyException when the service holds as much fetched data as it may (503)
     */
    public PatientData gather(String patientId, Map<String, String> templates, Map<String, JsonNode> prefetch,
            Optional<FhirAccess> access, String whyNoAccess, CallBudget call) {
        Map<String, PrefetchOutcome> outcomes = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : templates.keySet()) {
            if (prefetch.containsKey(key)) {
                outcomes.put(key, fromPrefetch(key, prefetch.get(key)));
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            if (access.isEmpty()) {
                throw new FhirDataUnavailableException("prefetch keys " + missing + " were not sent and " + whyNoAccess);
            }
            fetchMissing(patientId, templates, missing, access.get(), outcomes, call);
        }
        Map<String, PrefetchOutcome> ordered = new LinkedHashMap<>();
        templates.keySet().forEach(k -> ordered.put(k, outcomes.get(k)));
        return new PatientData(patientId, ordered);
    }

    private void fetchMissing(
            String patientId, Map<String, String> templates, List<String> missing, FhirAccess access,
            Map<String, PrefetchOutcome> outcomes, CallBudget callBudget) {
        FetchBudget budget = callBudget.get(client);
        var fetches = new BoundedFetches(patientId, templates, missing, access, budget);
        List<CompletableFuture<FhirServerClient.Result>> calls = fetches.calls;
        fetches.start();
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(budget.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            budget.cancel(); // whatever is still arriving is dropped; those keys are named on a data-quality card
        } catch (ExecutionException e) {
            // each call completes with a Result, never exceptionally
        } catch (InterruptedException e) {
            budget.cancel();
            Thread.currentThread().interrupt();
        }
        if (budget.serviceBusy()) {
            throw new FetchedDataBusyException();
        }
        boolean allUnreachable = true;
        for (int i = 0; i < calls.size(); i++) {
            var call = calls.get(i);
            var result = call.isDone() && !call.isCompletedExceptionally() ? call.join()
                    : new FhirServerClient.Result(PrefetchOutcome.failed(missing.get(i), FhirServerClient.deadlineProblem(budget)), false);
            allUnreachable &= result.unreachable();
            outcomes.put(result.outcome().key(), result.outcome());
        }
        if (allUnreachable) {
            String why = outcomes.get(missing.get(0)).problem().orElse("FHIR server could not be reached");
            throw new FhirDataUnavailableException(why + "; prefetch keys " + missing + " were not sent");
        }
    }

    /**
     * The missing keys of one call, fetched with at most {@code inocds.fetch.max-parallel} in flight; each one finished
     * starts the next. A small server (Python's http.server: a listen backlog of 5, every connection closed) drops the
     * connections beyond its backlog, and the kernel retries a dropped one only after a second.
     */
    private final class BoundedFetches {
        final List<CompletableFuture<FhirServerClient.Result>> calls = new ArrayList<>();
        private final String patientId;
        private final Map<String, String> templates;
        private final List<String> keys;
        private final FhirAccess access;
        private final FetchBudget budget;
        private final AtomicInteger next = new AtomicInteger();

        BoundedFetches(String patientId, Map<String, String> templates, List<String> keys, FhirAccess access, FetchBudget budget) {
            this.patientId = patientId;
            this.templates = templates;
            this.keys = keys;
            this.access = access;
            this.budget = budget;
            keys.forEach(key -> calls.add(new CompletableFuture<>()));
        }

        void start() {
            for (int n = 0; n < Math.min(client.maxParallel(), keys.size()); n++) {
                startNext();
            }
        }

        private void startNext() {
            int i = next.getAndIncrement();
            if (i >= keys.size()) {
                return;
            }
            String key = keys.get(i);
            if (budget.expired()) { // the call's time is up: the keys not started are named on the data-quality card
                calls.get(i).complete(new FhirServerClient.Result(PrefetchOutcome.failed(key, FhirServerClient.deadlineProblem(budget)), false));
                startNext();
                return;
            }
            long start = System.nanoTime();
            client.fetch(key, PrefetchTemplates.resolve(templates.get(key), patientId), access, budget).whenComplete((result, error) -> {
                if (result != null) {
                    metrics.fhirFetch(key, result.outcome().status().name(), result.outcome().resources().size(),
                            Duration.ofNanos(System.nanoTime() - start));
                    calls.get(i).complete(result);
                } else {
                    calls.get(i).completeExceptionally(error);
                }
                startNext();
            });
        }
    }

    private static PrefetchOutcome fromPrefetch(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return new PrefetchOutcome(key, PrefetchOutcome.Status.NONE_FOUND, List.of(), Optional.empty());
        }
        ObjectNode resource = (ObjectNode) value; // the request parser admits only objects and null
        String type = resource.path("resourceType").asText("");
        if (type.equals("OperationOutcome")) {
            return PrefetchOutcome.failed(key, "the EHR reported that it could not fetch this data");
        }
        if (!type.equals("Bundle")) {
            return new PrefetchOutcome(key, PrefetchOutcome.Status.PREFETCHED, List.of(resource), Optional.empty());
        }
        List<ObjectNode> resources = new ArrayList<>();
        BundleEntries.addResources(resource, resources);
        if (BundleEntries.nextLink(resource).isPresent()) {
            // A paginated prefetch: later pages are not read here (the token may not cover them); say so.
            return new PrefetchOutcome(key, PrefetchOutcome.Status.TRUNCATED, resources,
                    Optional.of("the EHR sent the first page only"));
        }
        return new PrefetchOutcome(key, PrefetchOutcome.Status.PREFETCHED, resources, Optional.empty());
    }
}
