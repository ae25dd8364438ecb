package org.inocds.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Resource;

/** The embedded FHIR server's data: resources by type and id, in memory, for demos and tests. */
public class SandboxStore {

    private final Map<String, Map<String, Resource>> byType = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);

    public void put(Resource resource) {
        String type = resource.fhirType();
        if (!resource.getIdElement().hasIdPart()) {
            resource.setId(type.toLowerCase(java.util.Locale.ROOT) + "-" + nextId.getAndIncrement());
        }
        String id = resource.getIdElement().getIdPart();
        resource.setId(type + "/" + id);
        byType.computeIfAbsent(type, t -> new ConcurrentHashMap<>()).put(id, resource);
    }

    public Optional<Resource> get(String type, String id) {
        return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(id));
    }

    public boolean remove(String type, String id) {
        return byType.getOrDefault(type, Map.of()).remove(id) != null;
    }

    public List<Resource> all(String type) {
        return new ArrayList<>(byType.getOrDefault(type, Map.of()).values());
    }

    public int size() {
        return byType.values().stream().mapToInt(Map::size).sum();
    }
}
