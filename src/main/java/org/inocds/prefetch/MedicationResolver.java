package org.inocds.prefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.inocds.reader.FhirIds;
import org.inocds.reader.PrefetchOutcome;
import org.springframework.stereotype.Component;

/**
 * Medications by reference (issue 26, the rule catalogue §4): an order or a dose given may name its drug only through
 * {@code medicationReference}. The Medication is then looked for in the call itself — the draft-orders Bundle, the
 * prefetch, what was fetched — and, when it is nowhere there, read from {@code fhirServer} ({@code Medication/{id}})
 * through the same guarded client as the prefetch keys (the allowlisted server only, the call's deadline and size
 * budget), once per id per call. One that cannot be read stays unresolved: the reader says so (DQ-2 for the dose
 * history, DQ-4 for a draft) and never takes it for another drug.
 */
@Component
public class MedicationResolver {

    /** The key under which the call's Medications join the patient's data. */
    public static final String KEY = "medications";

    private final FhirServerClient client;

    public MedicationResolver(FhirServerClient client) {
        this.client = client;
    }

    /** The Medications one call knows, by id, and the ids it already asked the server for. */
    public static final class Lookup {
        private final Map<String, ObjectNode> known = new LinkedHashMap<>();
        private final Set<String> asked = new HashSet<>();

        /** Every Medication known so far (sent or fetched), for the reader. */
        public synchronized List<ObjectNode> medications() {
            return List.copyOf(known.values());
        }

        /** As one more part of the patient's data. */
        public PrefetchOutcome outcome() {
            return new PrefetchOutcome(KEY, PrefetchOutcome.Status.FETCHED, medications(), Optional.empty());
        }

        /** Takes note of the Medications among {@code resources} (the draft orders', the prefetch's). */
        public synchronized void know(Collection<? extends JsonNode> resources) {
            for (JsonNode r : resources) {
                if (r instanceof ObjectNode o && "Medication".equals(o.path("resourceType").asText()) && o.path("id").isTextual()) {
                    known.putIfAbsent(o.path("id").asText(), o);
                }
            }
        }

        private synchronized List<String> toAsk(Collection<? extends JsonNode> resources) {
            Set<String> ids = new LinkedHashSet<>();
            for (JsonNode r : resources) {
                String type = r.path("resourceType").asText();
                if (!type.equals("MedicationRequest") && !type.equals("MedicationAdministration")) {
                    continue;
                }
                FhirIds.medicationId(r.path("medicationReference").path("reference").asText(null))
                        .filter(id -> !known.containsKey(id) && !asked.contains(id))
                        .ifPresent(ids::add);
            }
            asked.addAll(ids);
            return new ArrayList<>(ids);
        }

        private synchronized void found(String id, ObjectNode medication) {
            known.putIfAbsent(id, medication);
        }
    }

    public Lookup newLookup() {
        return new Lookup();
    }

    /**
     * Reads from the FHIR server each Medication that {@code resources} reference and the lookup does not hold yet,
     * at most {@code inocds.fetch.max-parallel} at a time, within the call's budget; without a server, nothing is read.
     */
    public void resolve(Lookup lookup, Collection<? extends JsonNode> resources, Optional<FhirAccess> access, CallBudget call) {
        lookup.know(resources);
        List<String> ids = lookup.toAsk(resources);
        if (ids.isEmpty() || access.isEmpty()) {
            return;
        }
        FetchBudget budget = call.get(client);
        for (int from = 0; from < ids.size() && !budget.expired(); from += client.maxParallel()) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + client.maxParallel()));
            List<CompletableFuture<FhirServerClient.Result>> calls = new ArrayList<>();
            for (String id : batch) {
                calls.add(client.fetch(KEY, "Medication/" + URLEncoder.encode(id, StandardCharsets.UTF_8), access.get(), budget));
            }
            try {
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(budget.remaining().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                budget.cancel(); // the call's time is up: what was not read stays unresolved and is said so
            } catch (ExecutionException e) {
                // each fetch completes with a Result, never exceptionally
            } catch (InterruptedException e) {
                budget.cancel();
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < batch.size(); i++) {
                var call1 = calls.get(i);
                if (!call1.isDone() || call1.isCompletedExceptionally()) {
                    continue;
                }
                String id = batch.get(i);
                call1.join().outcome().resources().stream()
                        .filter(r -> "Medication".equals(r.path("resourceType").asText()) && id.equals(r.path("id").asText()))
                        .findFirst()
                        .ifPresent(m -> lookup.found(id, m));
            }
        }
    }
}
