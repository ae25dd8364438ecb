package org.inocds.reader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What the service holds for one prefetch key after using the client's prefetch or fetching itself.
 *
 * @param resources the resources found (Bundle entries unwrapped)
 * @param problem why the data is incomplete, for the data-quality card; empty when complete
 */
public record PrefetchOutcome(String key, Status status, List<ObjectNode> resources, Optional<String> problem) {

    public enum Status {
        /** The client sent it. */
        PREFETCHED,
        /** The service fetched it from fhirServer. */
        FETCHED,
        /** The client sent {@code null}, or a read found nothing: the patient has none. */
        NONE_FOUND,
        /** The client's fetch failed (OperationOutcome) or ours did: the data is unknown (DQ-2). */
        FAILED,
        /** More pages existed than the page cap allowed: what is here is a part (DQ-3). */
        TRUNCATED
    }

    public PrefetchOutcome {
        resources = List.copyOf(resources);
    }

    public static PrefetchOutcome failed(String key, String problem) {
        return new PrefetchOutcome(key, Status.FAILED, List.of(), Optional.of(problem));
    }
}
