package org.inocds.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo EHR's launches (SMART App Launch: the EHR binds an opaque {@code launch} id to its context): which demo
 * patient, and the order being composed as the card's {@code appContext}. Held in memory, at most {@link #MAX}, each
 * for {@link #KEPT}; the demo authorization server reads one back when it answers the token request.
 */
public final class DemoLaunches {

    static final int MAX = 1000;
    static final Duration KEPT = Duration.ofMinutes(15);

    /** One launch: the patient chosen, and the card's appContext (JSON text) or null. */
    public record Launch(String patient, String appContext, Instant created) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Launch> byId = new LinkedHashMap<>();
    private final Set<String> claimed = new HashSet<>();

    /** A new launch id (128 random bits) bound to the patient and appContext. */
    public synchronized String start(String patient, String appContext) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byId.put(id, new Launch(patient, appContext, Instant.now()));
        while (byId.size() > MAX) {
            claimed.remove(byId.keySet().iterator().next());
            byId.remove(byId.keySet().iterator().next());
        }
        return id;
    }

    /**
     * Takes the launch for one authorization: true the first time only. An EHR's launch id opens one chart once; the id
     * seen again (a browser's history, a log, a screenshot) opens nothing (review of the demo: it opened the chart from
     * any browser for 15 minutes). The token request that follows still reads the launch ({@link #find}).
     */
    public synchronized boolean claim(String id) {
        return find(id).isPresent() && claimed.add(id);
    }

    public synchronized Optional<Launch> find(String id) {
        Launch launch = id == null ? null : byId.get(id);
        if (launch == null || Instant.now().isAfter(launch.created().plus(KEPT))) {
            return Optional.empty();
        }
        return Optional.of(launch);
    }
}
