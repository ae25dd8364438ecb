package org.inocds.browser;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same sandbox with JWT required: its public key ({@code jwks-public.json}) configured as a trusted issuer with
 * static keys (its tokens name a jku on the internet, never fetched), and the demo FHIR sandbox explicitly opened,
 * since the browser reads FHIR without a token. Discovery and the service call are accepted; the hold card renders.
 * The service runs on the real clock here (the tokens carry today's time), the demo data moved to today as usual.
 */
@org.springframework.boot.test.context.SpringBootTest(webEnvironment = org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:inocds-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1")
class PublicSandboxWithJwtBrowserTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1500, 1100).serving(Browser.SANDBOX.resolve("build"))
            .requiring(Browser.SANDBOX.resolve("jwks-public.json"));

    /** The real clock, unlike the other HTTP tests: the browser signs its tokens with today's time. */
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private static final Path TOOLS = Browser.SANDBOX;

    /** Chosen before the service starts, so that public-base-url can name it. */
    private static final int PORT = freePort();

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) {
        registry.add("inocds.security.jwt.required", () -> "true");
        registry.add("inocds.sandbox.open", () -> "true");
        registry.add("inocds.security.jwt.issuers[0].iss", () -> "https://sandbox.cds-hooks.org");
        registry.add("inocds.security.jwt.issuers[0].jwks", () -> {
            try {
                return Files.readString(TOOLS.resolve("jwks-public.json"));
            } catch (IOException e) {
                return "{\"keys\":[]}";
            }
        });
        // the sandbox fetches nothing the service must read itself: every key is prefetched or refused
        registry.add("inocds.security.fhir-servers.allow-unlisted", () -> "false");
        // the sandbox puts the URL it calls in aud; the service knows its own URL only from public-base-url
        registry.add("server.port", () -> PORT);
        registry.add("inocds.public-base-url", () -> "http://localhost:" + PORT);
    }



    @Test
    void signedCallsFromThePublicSandboxAreAcceptedWithItsStaticKey() throws Exception {
        String fhir = "http://localhost:" + port + "/fhir";
        String discovery = "http://localhost:" + port + "/cds-services";
        BROWSER.driver().get("http://localhost:" + BROWSER.servedPort() + "/?fhirServiceUrl=" + URLEncoder.encode(fhir, StandardCharsets.UTF_8)
                + "&patientId=s33-hem1-anc-900&serviceDiscoveryURL=" + URLEncoder.encode(discovery, StandardCharsets.UTF_8)
                + "&hook=patient-view&screen=patient-view");
        new WebDriverWait(BROWSER.driver(), Duration.ofSeconds(45))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "HOLD C2D1: ANC 900/µL"));
        Browser.screenshot(BROWSER.driver(), "sandbox-jwt-s33-patient-view");
    }
}
