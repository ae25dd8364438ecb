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

/**
 * The embedded FHIR server's data: resources by type and id, in memory, for demos and tests. What callers write
 * ({@link #write}) is bounded in count and in encoded bytes ({@code inocds.sandbox.max-written-resources},
 * {@code max-written-bytes}): 398 writes of 1 MB, or one of 300 MB, ran the JVM out of memory (issue 22, defect 5).
 */
public class SandboxStore {

    /** A write that would take the sandbox past its bounds. */
    public static final class Full extends RuntimeException {
        Full(String message) {
            super(message);
        }
    }

    private final int maxWrittenResources;
    private final long maxWrittenBytes;
    /** "type/id" → encoded bytes of each resource written by a caller (the demo data is not counted). */
    private final Map<String, Long> written = new HashMap<>();
    private long writtenBytes;

    /** Unbounded writes: for tests that load data only. */
    public SandboxStore() {
        this(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public SandboxStore(int maxWrittenResources, long maxWrittenBytes) {
        this.maxWrittenResources = maxWrittenResources;
        this.maxWrittenBytes = maxWrittenBytes;
    }

    /** A caller's create or update of {@code bytes} encoded bytes; {@link Full} when the bounds would be passed. */
    public synchronized void write(Resource resource, long bytes) {
        String key = resource.fhirType() + "/" + (resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart() : "");
        Long before = resource.getIdElement().hasIdPart() ? written.get(key) : null;
        long total = writtenBytes - (before == null ? 0 : before) + bytes;
        if (total > maxWrittenBytes) {
            throw new Full("the sandbox holds as much written data as it may (" + maxWrittenBytes + " bytes)");
        }
        if (before == null && written.size() >= maxWrittenResources) {
            throw new Full("the sandbox holds as many written resources as it may (" + maxWrittenResources + ")");
        }
        put(resource);
        written.put(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), bytes);
        writtenBytes = total;
    }

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
        Long bytes = written.remove(type + "/" + id);
        if (bytes != null) {
            writtenBytes -= bytes;
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
