package org.inocds.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Resource;

/** The embedded FHIR server's data: resources by type and id, in memory, for demos and tests. */
public class SandboxStore {

    private final Map<String, Map<String, Resource>> byType = new ConcurrentHashMap<>();
    /** type → patient id → resource id → resource: a search by patient reads that patient's resources, not the store. */
    private final Map<String, Map<String, Map<String, Resource>>> byPatient = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public synchronized void put(Resource resource) {
        String type = resource.fhirType();
        if (!resource.getIdElement().hasIdPart()) {
            resource.setId(type.toLowerCase(Locale.ROOT) + "-" + nextId.getAndIncrement());
        }
        String id = resource.getIdElement().getIdPart();
        resource.setId(type + "/" + id);
        Resource old = byType.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).put(id, resource);
        if (old != null) {
            unindex(type, id, old);
        }
        patientOf(resource).ifPresent(p -> byPatient.computeIfAbsent(type, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(p, x -> new ConcurrentHashMap<>()).put(id, resource));
    }

    /** The resources of a type that belong to a patient (subject or patient reference). */
    public List<Resource> ofPatient(String type, String patientId) {
        return new ArrayList<>(byPatient.getOrDefault(type, Map.of()).getOrDefault(patientId, Map.of()).values());
    }

    private static Optional<String> patientOf(Resource r) {
        return SearchFields.patient(r).map(ref -> ref.getReferenceElement().getIdPart()).filter(p -> p != null && !p.isEmpty());
    }

    private void unindex(String type, String id, Resource r) {
        patientOf(r).ifPresent(p -> byPatient.getOrDefault(type, Map.of()).getOrDefault(p, new HashMap<>()).remove(id));
    }

    public Optional<Resource> get(String type, String id) {
        return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(id));
    }

    public synchronized boolean remove(String type, String id) {
        Resource r = byType.getOrDefault(type, Map.of()).remove(id);
        if (r != null) {
            unindex(type, id, r);
        }
        return r != null;
    }

    public List<Resource> all(String type) {
        return new ArrayList<>(byType.getOrDefault(type, Map.of()).values());
    }

    public int size() {
        return byType.values().stream().mapToInt(Map::size).sum();
    }
}
