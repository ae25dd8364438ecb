package org.inocds.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.inocds.support.HookRequests;

/**
 * The client side of {@code scripts/scale-out.sh} (not a test): load through the balancer onto two replicas sharing one
 * PostgreSQL, feedback posted for the cards answered, one replica killed with SIGKILL mid-run, then the ledger — errors by
 * status (and how many came after the kill), feedback acknowledged and feedback found in the database, and a token id
 * replayed on the other replica.
 *
 * <p>Subcommands: {@code keys FILE} writes the issuer's key pair (private JWK) and prints the public JWK Set;
 * {@code run KEYFILE BALANCER_URL REPLICA_A_URL REPLICA_B_URL PID_TO_KILL JDBC_URL USER PASSWORD SECONDS}.
 * Calls name the balancer's {@code /fhir} as their FHIR server: the replicas' demo sandboxes, so fetching survives the kill.
 */
public final class ScaleOutRun {

    static final String ISSUER = "https://scale-out.bench.example";
    static final String AUDIENCE = "https://cds.bench.example/cds-services";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private ScaleOutRun() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("keys")) {
            ECKey key = new ECKeyGenerator(Curve.P_384).keyID("scale-out-1").generate();
            Files.writeString(Path.of(args[1]), key.toJSONString());
            System.out.println(new JWKSet(key.toPublicJWK()).toString());
            return;
        }
        ECKey key = ECKey.parse(Files.readString(Path.of(args[1])));
        String balancer = args[2];
        String replicaA = args[3];
        String replicaB = args[4];
        long victim = Long.parseLong(args[5]);
        String jdbc = args[6];
        String user = args[7];
        String password = args[8];
        int seconds = Integer.parseInt(args[9]);

        // replay protection across replicas: a token accepted by one is refused by the other
        String once = token(key);
        int first = discovery(replicaA, once);
        int replay = discovery(replicaB, once);
        System.out.printf("replay: the same token id on replica A → %d, then on replica B → %d (%s)%n", first, replay,
                first == 200 && replay == 401 ? "refused across replicas" : "NOT REFUSED");

        // each call fetches the patient through the balancer from the replicas' demo FHIR sandboxes (opened for the run)
        ObjectNode request = HookRequests.withFhirServer(HookRequests.orderHook("order-sign", "demo-us-c1d1",
                HookRequests.inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", java.time.LocalDate.now().toString())),
                balancer + "/fhir");
        String body = request.toString();

        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong afterKill = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicLong feedbackRefused = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int status;
                    String answer = "";
                    try {
                        var r = HTTP.send(HttpRequest.newBuilder(URI.create(balancer + "/cds-services/inotuzumab-order-sign"))
                                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(key))
                                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        status = r.statusCode();
                        answer = r.body();
                    } catch (Exception e) {
                        status = -1; // the connection itself failed
                    }
                    calls.incrementAndGet();
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    if (status != 200 && killed.get()) {
                        afterKill.incrementAndGet();
                    }
                    if (status == 200) {
                        feedback(key, balancer, answer, acknowledged, feedbackRefused);
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        Thread.sleep(Duration.ofSeconds(seconds).toMillis() / 3);
        ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: no shutdown, no flush
        killed.set(true);
        Instant killedAt = Instant.now();
        for (Thread t : workers) {
            t.join();
        }

        long lost = 0;
        try (var c = DriverManager.getConnection(jdbc, user, password);
                var q = c.prepareStatement("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ?")) {
            for (String card : acknowledged) {
                q.setString(1, card);
                try (var r = q.executeQuery()) {
                    r.next();
                    if (r.getLong(1) == 0) {
                        lost++;
                    }
                }
            }
        }
        System.out.printf("load: %d calls in %d s through the balancer, 8 clients; replica killed (SIGKILL) at %s%n", calls.get(), seconds,
                killedAt);
        System.out.printf("answers by status: %s (-1 = connection failed)%n", statuses);
        System.out.printf("errors after the kill: %d%n", afterKill.get());
        System.out.printf("feedback: %d acknowledged (200), %d refused; acknowledged but not in the database: %d%n",
                acknowledged.size(), feedbackRefused.get(), lost);
        if (lost > 0 || replay != 401 || first != 200) {
            System.exit(1);
        }
    }

    private static int discovery(String replica, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(replica + "/cds-services")).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void feedback(ECKey key, String balancer, String answer, ConcurrentLinkedQueue<String> acknowledged,
            AtomicLong refused) {
        try {
            JsonNode cards = JSON.readTree(answer).path("cards");
            if (cards.isEmpty()) {
                return;
            }
            String card = cards.get(0).get("uuid").asText();
            String body = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"%s\"}]}"
                    .formatted(card, Instant.now());
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(balancer + "/cds-services/inotuzumab-order-sign/feedback"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(key))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                acknowledged.add(card);
            } else {
                refused.incrementAndGet();
            }
        } catch (Exception e) {
            refused.incrementAndGet(); // not acknowledged: the EHR would send it again
        }
    }

    static String token(ECKey key) {
        try {
            Instant now = Instant.now();
            var claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("scale-out").audience(AUDIENCE)
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(240))).jwtID(UUID.randomUUID().toString()).build();
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
