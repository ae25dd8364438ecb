package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.inocds.support.CdsHttp;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test: 10,000 mutations of a valid order-sign request (bytes flipped, cut, repeated; JSON
 * values swapped for other types, huge arrays, deep nesting, odd strings; fields dropped and added). Every
 * answer must be 200 (then schema-valid, checked by CdsHttp) or a 4xx with an OperationOutcome — never a 500,
 * never a hang.
 */
class FuzzTest extends ServiceHttpTest {

    private static final long SEED = 20260110L;
    private static final int CASES = 10_000;
    private static final Set<Integer> ALLOWED = Set.of(200, 400, 404, 412, 413, 415);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void tenThousandMutatedRequestsNeverFailTheServer() throws Exception {
        ObjectNode base = withFullPrefetch(orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10")), cds, "inotuzumab-order-sign");
        byte[] baseBytes = MAPPER.writeValueAsBytes(base);
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] body = random.nextInt(3) == 0 ? mutateBytes(baseBytes, random) : mutateJson(base.deepCopy(), random);
            long start = System.nanoTime();
            CdsHttp.Answer answer;
            try {
                answer = cds.post("/cds-services/inotuzumab-order-sign", body, Map.of("Content-Type", "application/json"));
            } catch (AssertionError schemaViolation) {
                failures.add("case " + i + ": 200 answer not schema-valid: " + schemaViolation.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            long took = System.nanoTime() - start;
            if (took > 1_000_000_000L) {
                // FUZZ_DUMP=/path writes the slow request out, to see what made it slow (a 62 KB unit did once).
                if (System.getenv("FUZZ_DUMP") != null) {
                    java.nio.file.Files.write(java.nio.file.Path.of(System.getenv("FUZZ_DUMP")), body);
                }
                System.out.println("fuzz slow case " + i + ": " + took / 1_000_000 + " ms, HTTP " + answer.status() + ", "
                        + body.length + " bytes");
            }
            slowest = Math.max(slowest, took);
            statuses.merge(answer.status(), 1, Integer::sum);
            if (!ALLOWED.contains(answer.status())) {
                failures.add("case " + i + ": HTTP " + answer.status() + " " + answer.body());
            } else if (answer.status() != 200
                    && (answer.json() == null || !"OperationOutcome".equals(answer.json().path("resourceType").asText()))) {
                failures.add("case " + i + ": HTTP " + answer.status() + " without an OperationOutcome");
            }
        }
        System.out.println("fuzz statuses " + statuses + ", slowest " + Duration.ofNanos(slowest).toMillis() + " ms");
        assertThat(failures).isEmpty();
        assertThat(statuses.keySet()).contains(200, 400);
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(10));
    }

    private static byte[] mutateBytes(byte[] base, Random r) {
        byte[] b = base.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int k = 0; k < 1 + r.nextInt(8); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                int from = r.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + r.nextInt(200));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
            case 3 -> {
                int at = r.nextInt(b.length);
                byte[] junk = new byte[1 + r.nextInt(64)];
                r.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
            default -> {
                int from = r.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + r.nextInt(100));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                b = out;
            }
        }
        return b;
    }

    private static byte[] mutateJson(ObjectNode root, Random r) throws Exception {
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits; k++) {
            List<JsonNode[]> slots = new ArrayList<>(); // {container, key-or-index holder}
            collect(root, slots, 0);
            JsonNode[] slot = slots.get(r.nextInt(slots.size()));
            JsonNode container = slot[0];
            String key = slot[1].asText();
            JsonNode replacement = randomValue(r);
            if (container instanceof ObjectNode o) {
                switch (r.nextInt(4)) {
                    case 0 -> o.remove(key);
                    case 1 -> o.set("x-" + Integer.toHexString(r.nextInt()), replacement);
                    default -> o.set(key, replacement);
                }
            } else if (container instanceof ArrayNode a) {
                int i = Integer.parseInt(key);
                if (r.nextBoolean()) {
                    a.set(i, replacement);
                } else {
                    a.remove(i);
                }
            }
        }
        return MAPPER.writeValueAsBytes(root);
    }

    private static void collect(JsonNode node, List<JsonNode[]> slots, int depth) {
        if (depth > 12) {
            return;
        }
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(name -> {
                slots.add(new JsonNode[] {o, F.textNode(name)});
                collect(o.get(name), slots, depth + 1);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                slots.add(new JsonNode[] {a, F.textNode(String.valueOf(i))});
                collect(a.get(i), slots, depth + 1);
            }
        }
    }

    private static JsonNode randomValue(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(r.nextLong());
            case 2 -> F.numberNode(new BigDecimal("1e" + (r.nextInt(800) - 400)));
            case 3 -> F.booleanNode(r.nextBoolean());
            case 4 -> F.textNode("");
            case 5 -> F.textNode("\u0000\uD83D\uDE00\u202E" + "ß".repeat(r.nextInt(50)) + "<script>");
            case 6 -> F.textNode("x".repeat(r.nextInt(100_000)));
            case 7 -> {
                ArrayNode huge = F.arrayNode();
                for (int i = 0; i < 20_000; i++) {
                    huge.add(i);
                }
                yield huge;
            }
            case 8 -> {
                JsonNode deep = F.textNode("bottom");
                for (int i = 0; i < 40; i++) {
                    deep = F.arrayNode().add(deep);
                }
                yield deep;
            }
            case 9 -> F.textNode(String.valueOf(r.nextInt()));
            case 10 -> F.textNode("2026-02-30T25:61:00+99:00");
            default -> F.objectNode().put("resourceType", r.nextBoolean() ? "OperationOutcome" : "Bundle").put("entry", "oops");
        };
    }

    @Test
    void randomBytesAndHugeFlatArraysAreRefusedQuickly() throws Exception {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(4096)];
            random.nextBytes(junk);
            int status = cds.post("/cds-services/inotuzumab-order-sign", junk, Map.of("Content-Type", "application/json")).status();
            assertThat(status).isIn(400, 413, 415);
        }
        StringBuilder flat = new StringBuilder("{\"hook\":\"order-sign\",\"hookInstance\":\"x\",\"context\":{\"patientId\":\"p\",\"draftOrders\":{\"resourceType\":\"Bundle\",\"entry\":[");
        for (int i = 0; i < 101; i++) {
            flat.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"MedicationRequest\"}}");
        }
        flat.append("]}}}");
        var answer = cds.post("/cds-services/inotuzumab-order-sign", flat.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/issue/0/diagnostics").asText()).contains("more than 100 orders");
    }
}
