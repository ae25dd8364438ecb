package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inocds.InocdsApplication;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security review finding 6: feedback answered with 200 is on disk, and so is the issued card it names — feedback first
 * writes what is queued of the issued-card log (an issued card alone is written shortly after its answer, not before:
 * feedback/IssuedCardLog). The service runs in a child JVM, which is killed with SIGKILL 50 ms after the feedback's
 * 200; the database, opened afterwards, holds both.
 */
class FeedbackSurvivesKillTest {

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process startChild(int port, List<String> database) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), InocdsApplication.class.getName(), "--server.port=" + port,
                "--logging.level.root=warn"));
        command.addAll(database);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private static void awaitReady(CdsHttp cds, Process child) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < until && child.isAlive()) {
            try {
                if (cds.get("/cds-services", Map.of()).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the child service did not start");
    }

    /** @return the card uuid whose feedback was acknowledged just before the kill */
    private String feedbackThenKill(List<String> database) throws Exception {
        int port = freePort();
        Process child = startChild(port, database);
        try {
            var cds = new CdsHttp(port);
            awaitReady(cds, child);
            var request = orderHook("order-sign", "demo-us-c1d1",
                    inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", java.time.LocalDate.now().toString()));
            String card = Cards.card(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase())).json(), "DOSE-2")
                    .get("uuid").asText();
            String body = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"%s\"}]}".formatted(card, java.time.Instant.now());
            assertThat(cds.post("/cds-services/inotuzumab-order-sign/feedback", body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
            Thread.sleep(50);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return card;
        } finally {
            child.destroyForcibly();
        }
    }

    private static void assertStored(String url, String user, String password, String card) throws Exception {
        try (var c = DriverManager.getConnection(url, user, password);
                var issued = c.prepareStatement("SELECT COUNT(*) FROM issued_card WHERE card_uuid = ?");
                var feedback = c.prepareStatement("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ?")) {
            issued.setString(1, card);
            feedback.setString(1, card);
            try (var r = issued.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).as("issued card on disk").isEqualTo(1);
            }
            try (var r = feedback.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).as("feedback on disk").isEqualTo(1);
            }
        }
    }

    @Test
    void onH2() throws Exception {
        Files.createDirectories(dir);
        // the embedded default's own URL, in a fresh folder
        String url = "jdbc:h2:file:" + dir.resolve("inocds") + DEFAULT_H2_OPTIONS;
        String card = feedbackThenKill(List.of("--spring.datasource.url=" + url));
        assertStored(url, "sa", "", card);
    }

    /** The options of the default H2 URL in application-demo.yml (the test fails if they lose durability). */
    private static final String DEFAULT_H2_OPTIONS = defaultH2Options();

    private static String defaultH2Options() {
        try (var in = FeedbackSurvivesKillTest.class.getResourceAsStream("/application-demo.yml")) {
            String yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String url = yml.lines().filter(l -> l.trim().startsWith("url: jdbc:h2:")).findFirst().orElseThrow().trim();
            return url.substring(url.indexOf(';'));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "INOCDS_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
    void onPostgres() throws Exception {
        String url = System.getenv("INOCDS_TEST_POSTGRES_URL");
        String user = System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_USER", "inocds");
        String password = System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_PASSWORD", "inocds");
        String card = feedbackThenKill(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password));
        assertStored(url, user, password, card);
    }
}
