package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.inocds.InocdsApplication;
import org.inocds.support.Cards;
import org.inocds.support.CdsHttp;
import org.inocds.support.FixedClockConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Acknowledged feedback survives a restart of the service: H2 on disk, and PostgreSQL when CI provides one. */
class FeedbackSurvivesRestartTest {

    @TempDir
    Path dir;

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(InocdsApplication.class, FixedClockConfiguration.class)
                .run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    private void survives(List<String> database) {
        List<String> args = new ArrayList<>(database);
        args.add("--server.port=0");
        String card;
        try (var first = start(args)) {
            var cds = new CdsHttp(port(first));
            var request = orderHook("order-sign", "demo-us-c1d1",
                    inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.70"), "mg", "2026-01-10"));
            card = Cards.card(cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase())).json(), "DOSE-2").get("uuid").asText();
            String body = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"}]}".formatted(card);
            assertThat(cds.post("/cds-services/inotuzumab-order-sign/feedback", body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        }
        try (var second = start(args)) {
            var jdbc = second.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ?", Long.class, card)).isEqualTo(1);
            var summary = new CdsHttp(port(second)).get("/admin/feedback-summary", Map.of()).json();
            assertThat(summary.toString()).contains("DOSE-2");
        }
    }

    @Test
    void onH2OnDisk() throws Exception {
        Files.createDirectories(dir);
        survives(List.of("--spring.datasource.url=jdbc:h2:file:" + dir.resolve("inocds") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"));
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "INOCDS_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
    void onPostgres() {
        survives(List.of("--spring.datasource.url=" + System.getenv("INOCDS_TEST_POSTGRES_URL"),
                "--spring.datasource.username=" + System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_USER", "inocds"),
                "--spring.datasource.password=" + System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_PASSWORD", "inocds")));
    }
}
