package org.inocds.smart;

import java.time.Duration;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as {@code prod} runs it for the SMART app (JWT required, sandbox off, only allowlisted FHIR servers), the
 * app registered with the test's EHR ({@link TestEhr}): the base of the HTTP-level and the browser tests of the launch,
 * which share one application context.
 */
public abstract class SmartEhrTest extends ServiceHttpTest {

    public static final TestEhr EHR = TestEhr.shared();

    @DynamicPropertySource
    static void prodLike(DynamicPropertyRegistry registry) {
        registry.add("inocds.sandbox.enabled", () -> "false");
        registry.add("inocds.security.jwt.required", () -> "true");
        registry.add("inocds.security.jwt.audience", () -> "https://cds.example.org/cds-services");
        registry.add("inocds.security.fhir-servers.allow-unlisted", () -> "false");
        registry.add("inocds.security.fhir-servers.allowlist[0].origin", EHR::fhirOrigin);
        registry.add("inocds.security.fhir-servers.allowlist[1].origin", EHR::authorizationServerBase);
        registry.add("inocds.smart.clients[0].issuer", EHR::fhirBase);
        registry.add("inocds.smart.clients[0].client-id", () -> TestEhr.CLIENT_ID);
        registry.add("inocds.smart.clients[1].issuer", EHR::otherFhirBase);
        registry.add("inocds.smart.clients[1].client-id", () -> TestEhr.CLIENT_ID);
        // registered, but on an address the fetch policy does not allow
        registry.add("inocds.smart.clients[2].issuer", () -> "http://127.0.0.2:9/fhir");
        registry.add("inocds.smart.clients[2].client-id", () -> TestEhr.CLIENT_ID);
        registry.add("inocds.smart.frame-ancestors[0]", () -> "https://ehr.example.org");
        // people sign in to the admin pages at the same server (OIDC)
        registry.add("inocds.security.admin-login.issuer-uri", EHR::authorizationServerBase);
        registry.add("inocds.security.admin-login.client-id", () -> TestEhr.ADMIN_CLIENT_ID);
        registry.add("inocds.security.admin-login.client-secret", () -> TestEhr.ADMIN_CLIENT_SECRET);
    }

    @BeforeEach
    void appPort() {
        TestEhr.APP.set("http://localhost:" + port);
        TestEhr.TOKEN_LIFETIME.set(Duration.ofMinutes(5));
        EHR.refuseAll.set(false);
        TestEhr.ID_TOKEN_FAULT.set(TestEhr.IdTokenFault.NONE);
    }

    @AfterEach
    void reset() {
        TestEhr.TOKEN_LIFETIME.set(Duration.ofMinutes(5));
        EHR.refuseAll.set(false);
        TestEhr.ID_TOKEN_FAULT.set(TestEhr.IdTokenFault.NONE);
    }

    /** The app's URL for a path. */
    protected String app(String path) {
        return "http://localhost:" + port + path;
    }
}
