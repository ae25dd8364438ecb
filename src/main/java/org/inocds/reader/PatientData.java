package org.inocds.reader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All the FHIR data gathered for one call, by prefetch key. */
public record PatientData(String patientId, Map<String, PrefetchOutcome> outcomes) {

    public PatientData {
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    /** This data and {@code more} (other keys of the same patient), in the order of {@code keys}. */
    public PatientData and(PatientData more, Collection<String> keys) {
        Map<String, PrefetchOutcome> all = new LinkedHashMap<>();
        for (String key : keys) {
            PrefetchOutcome o = outcomes.containsKey(key) ? outcomes.get(key) : more.outcomes().get(key);
            if (o != null) {
                all.put(key, o);
            }
        }
        return new PatientData(patientId, all);
    }

    /** This data with one more part (e.g. the call's Medications), replacing a part of the same key. */
    public PatientData with(PrefetchOutcome more) {
        Map<String, PrefetchOutcome> all = new LinkedHashMap<>(outcomes);
        all.put(more.key(), more);
        return new PatientData(patientId, all);
    }

    /**
     * Every resource gathered, once each: keys may overlap (e.g. an Observation in two searches), so a
     * resource is kept once per {@code resourceType/id}.
     */
    public List<ObjectNode> resources() {
        Map<Identity, ObjectNode> unique = new LinkedHashMap<>();
        int anonymous = 0;
        for (PrefetchOutcome outcome : outcomes.values()) {
            for (ObjectNode resource : outcome.resources()) {
                String id = resource.path("id").asText("");
                Identity key = id.isEmpty()
                        ? new Identity("#", Integer.toString(anonymous++))
                        : new Identity(resource.path("resourceType").asText(), id);
                unique.putIfAbsent(key, resource);
            }
        }
        return List.copyOf(unique.values());
    }

    /** A resource's type and id (no string built for each of a long history's resources). */
    private record Identity(String type, String id) {}

    public Collection<PrefetchOutcome> incomplete() {
        return outcomes.values().stream()
                .filter(o -> o.status() == PrefetchOutcome.Status.FAILED || o.status() == PrefetchOutcome.Status.TRUNCATED)
                .toList();
    }
}
