package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.inocds.security.VerifiedClient;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Which fhirServer URLs the service will read (no request is made here: literal addresses only). */
class FhirServerPolicyTest {

    private static FhirServerPolicy policy(java.util.Map<String, String> settings) {
        var binder = new Binder(new MapConfigurationPropertySource(settings));
        var properties = binder.bindOrCreate("inocds", InocdsProperties.class);
        return new FhirServerPolicy(properties, FhirServerPolicyTest::noDns);
    }

    /**
     * Resolves without DNS: literals as written, localhost to loopback, any other name to a documentation address
     * (never connected to: the policy only decides).
     */
    static java.net.InetAddress[] noDns(String host) throws java.net.UnknownHostException {
        if (host.equals("localhost")) {
            return new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()};
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return new java.net.InetAddress[] {java.net.InetAddress.getByName(host)};
        }
        return new java.net.InetAddress[] {java.net.InetAddress.getByName("192.0.2.1")};
    }

    private static final FhirServerPolicy DEMO = policy(java.util.Map.of(
            "inocds.security.fhir-servers.allowlist[0].origin", "http://10.1.2.3:8080",
            "inocds.security.fhir-servers.allowlist[1].origin", "https://ehr.example.org",
            "inocds.security.fhir-servers.allowlist[1].issuers[0]", "https://ehr.example.org/cds-client"));

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"http://127.0.0.1:9999/fhir", "http://localhost/fhir", "http://10.0.0.5/fhir", "http://192.168.1.10/fhir",
        "http://172.16.0.1/fhir", "http://169.254.169.254/latest", "http://[::1]/fhir", "http://[fd00::1]/fhir", "http://0.0.0.0/fhir",
        "http://metadata.google.internal/computeMetadata"})
    void loopbackPrivateLinkLocalAndMetadataAreRefusedUnlessListed(String url) {
        var decision = DEMO.check(URI.create(url), Optional.empty());
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isNotBlank();
    }

    @Test
    void listedPrivateOriginIsAllowedOnItsExactPortOnly() {
        assertThat(DEMO.check(URI.create("http://10.1.2.3:8080/fhir"), Optional.empty()).allowed()).isTrue();
        assertThat(DEMO.check(URI.create("http://10.1.2.3:8081/fhir"), Optional.empty()).allowed()).isFalse();
        assertThat(DEMO.check(URI.create("https://10.1.2.3:8080/fhir"), Optional.empty()).allowed()).isFalse();
    }

    @Test
    void anOriginBoundToIssuersIsOnlyForThem() {
        var ehr = URI.create("https://ehr.example.org/fhir/R4");
        assertThat(DEMO.check(ehr, Optional.of(new VerifiedClient("https://ehr.example.org/cds-client", "s"))).allowed()).isTrue();
        assertThat(DEMO.check(ehr, Optional.of(new VerifiedClient("https://other.example.org", "s"))).allowed()).isFalse();
        assertThat(DEMO.check(ehr, Optional.empty()).allowed()).isFalse();
    }

    /**
     * The binding says which CDS caller (JWT issuer) may make the service fetch from an origin with the token it sends;
     * the SMART app reaches only the EHRs the site registered (inocds.smart.clients), with the token that EHR issued
     * it, so a bound origin is the app's too — as docs/running-in-production.md binds its EHR's. What the allowlist,
     * https and the address checks refuse stays refused.
     */
    @Test
    void theSmartAppReachesAnOriginBoundToIssuers() {
        assertThat(DEMO.checkForSmartApp(URI.create("https://ehr.example.org/fhir/R4")).allowed()).isTrue();
        assertThat(DEMO.checkForSmartApp(URI.create("http://127.0.0.1:9999/fhir")).allowed()).isFalse();
        assertThat(DEMO.checkForSmartApp(URI.create("http://10.1.2.3:8081/fhir")).allowed()).isFalse();
        var production = policy(java.util.Map.of("inocds.security.fhir-servers.allow-unlisted", "false",
                "inocds.security.fhir-servers.require-https", "true",
                "inocds.security.fhir-servers.allowlist[0].origin", "https://ehr.example.org",
                "inocds.security.fhir-servers.allowlist[0].issuers[0]", "https://ehr.example.org"));
        assertThat(production.checkForSmartApp(URI.create("https://ehr.example.org/fhir")).allowed()).isTrue();
        assertThat(production.checkForSmartApp(URI.create("http://ehr.example.org/fhir")).reason()).contains("https");
        assertThat(production.checkForSmartApp(URI.create("https://other.example.org/fhir")).reason()).contains("not on the allowlist");
        assertThat(production.check(URI.create("https://ehr.example.org/fhir"), Optional.empty()).allowed())
                .as("a CDS call without a token still may not name it").isFalse();
    }

    @Test
    void aPublicAddressIsAllowedInTheDemoOnly() {
        assertThat(DEMO.check(URI.create("http://93.184.216.34/fhir"), Optional.empty()).allowed()).isTrue();
        var production = policy(java.util.Map.of("inocds.security.fhir-servers.allow-unlisted", "false",
                "inocds.security.fhir-servers.require-https", "true",
                "inocds.security.fhir-servers.allowlist[0].origin", "https://ehr.example.org"));
        assertThat(production.check(URI.create("https://93.184.216.34/fhir"), Optional.empty()).reason()).contains("not on the allowlist");
        assertThat(production.check(URI.create("http://ehr.example.org/fhir"), Optional.empty()).reason()).contains("https");
        assertThat(production.check(URI.create("https://EHR.example.org:443/fhir"), Optional.empty()).allowed()).isTrue();
        assertThat(List.of()).isEmpty();
    }

    /** A resolver that connects nowhere: names map to fixed addresses, as a hostile DNS would answer. */
    private static FhirServerPolicy withDns(java.util.Map<String, String> answers) {
        var binder = new Binder(new MapConfigurationPropertySource(java.util.Map.of()));
        var properties = binder.bindOrCreate("inocds", InocdsProperties.class);
        return new FhirServerPolicy(properties, host -> {
            String a = answers.get(host);
            if (a == null) {
                throw new java.net.UnknownHostException(host);
            }
            return new java.net.InetAddress[] {java.net.InetAddress.getByName(a)};
        });
    }

    /** Security review finding 8: every special-purpose range, however written, is refused unless listed. */
    @ParameterizedTest(name = "a name resolving to {0} is refused")
    @ValueSource(strings = {"100.64.0.1", "100.100.100.200", "100.127.255.254", "192.0.0.8", "198.18.0.1", "198.19.255.255",
        "192.0.2.1", "198.51.100.7", "203.0.113.9", "240.0.0.1", "255.255.255.255", "224.0.0.1", "0.1.2.3",
        "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
        "2002:7f00:1::", "2001:0:4136:e378::1", "2001:db8::1", "fe80::1", "fec0::1", "ff02::1", "100::1", "::", "::1"})
    void specialPurposeAddressesAreRefused(String address) {
        var decision = withDns(java.util.Map.of("ehr.example.net", address)).check(URI.create("http://ehr.example.net/fhir"), Optional.empty());
        assertThat(decision.allowed()).as(address).isFalse();
        assertThat(decision.reason()).contains("non-public");
    }

    @ParameterizedTest(name = "a name resolving to the public {0} is allowed in the demo")
    @ValueSource(strings = {"93.184.216.34", "100.63.255.255", "100.128.0.1", "198.17.255.255", "198.20.0.1", "2606:4700::1111"})
    void globalUnicastAddressesAreAllowed(String address) {
        assertThat(withDns(java.util.Map.of("ehr.example.net", address)).check(URI.create("http://ehr.example.net/fhir"), Optional.empty())
                .allowed()).as(address).isTrue();
    }

    @Test
    void anIpv6LiteralIsCheckedAsWritten() {
        var policy = withDns(java.util.Map.of());
        assertThat(policy.check(URI.create("http://[::127.0.0.1]/fhir"), Optional.empty()).allowed()).isFalse();
        assertThat(policy.check(URI.create("http://[64:ff9b::7f00:1]/fhir"), Optional.empty()).allowed()).isFalse();
    }

    @Test
    void oneNonPublicAnswerAmongSeveralRefusesTheServer() {
        var binder = new Binder(new MapConfigurationPropertySource(java.util.Map.of()));
        var policy = new FhirServerPolicy(binder.bindOrCreate("inocds", InocdsProperties.class), host -> new java.net.InetAddress[] {
                java.net.InetAddress.getByName("93.184.216.34"), java.net.InetAddress.getByName("127.0.0.1")});
        assertThat(policy.check(URI.create("http://ehr.example.net/fhir"), Optional.empty()).allowed()).isFalse();
    }

    @Test
    void theSandboxIsNoImplicitServerWhenJwtIsRequired() {
        var required = policy(java.util.Map.of("inocds.security.jwt.required", "true"));
        required.onPort(8080);
        DEMO.onPort(8080);
        assertThat(required.check(URI.create("http://localhost:8080/fhir"), Optional.empty()).allowed()).isFalse();
        assertThat(DEMO.check(URI.create("http://localhost:8080/fhir"), Optional.empty()).allowed()).isTrue();
        assertThat(DEMO.check(URI.create("http://localhost:8080/fhir/"), Optional.empty()).allowed()).isTrue();
        for (String other : List.of("http://localhost:8080/fhirx", "http://localhost:8080/fhir/../admin", "http://localhost:8080/",
                "http://127.0.0.1:8080/admin", "http://localhost:8080/fhir/%2e%2e/admin")) {
            assertThat(DEMO.check(URI.create(other), Optional.empty()).allowed()).as(other).isFalse();
        }
    }

    /**
     * Issue 22, the soak: only this process's own sandbox is "this service" (its fetches then prove themselves the
     * service's own and are not counted as the caller's requests); no other server gets that proof, not even one
     * listed on loopback at another port, nor localhost at this port when the service listens elsewhere.
     */
    @Test
    void onlyThisServicesOwnSandboxIsThisService() throws Exception {
        var demo = policy(java.util.Map.of("inocds.security.fhir-servers.allowlist[0].origin", "http://127.0.0.1:9090"));
        demo.onPort(8080);
        for (String own : List.of("http://localhost:8080/fhir", "http://127.0.0.1:8080/fhir/", "http://[::1]:8080/fhir")) {
            var decision = demo.check(URI.create(own), Optional.empty());
            assertThat(decision.allowed()).as(own).isTrue();
            assertThat(decision.thisService()).as(own).isTrue();
        }
        var listed = demo.check(URI.create("http://127.0.0.1:9090/fhir"), Optional.empty());
        assertThat(listed.allowed()).isTrue();
        assertThat(listed.thisService()).as("a listed server on loopback at another port").isFalse();
        var elsewhere = demo.check(URI.create("http://93.184.216.34/fhir"), Optional.empty());
        assertThat(elsewhere.allowed()).isTrue();
        assertThat(elsewhere.thisService()).isFalse();
        assertThat(demo.check(URI.create("http://localhost:8080/fhirx"), Optional.empty()).thisService()).isFalse();

        demo.onPort(8080, java.net.InetAddress.getByName("10.0.0.5"));
        assertThat(demo.check(URI.create("http://localhost:8080/fhir"), Optional.empty()).thisService())
                .as("bound to another address: localhost:8080 could be another program").isFalse();
        demo.onPort(8080, java.net.InetAddress.getByName("0.0.0.0"));
        assertThat(demo.check(URI.create("http://localhost:8080/fhir"), Optional.empty()).thisService()).isTrue();

        var required = policy(java.util.Map.of("inocds.security.jwt.required", "true",
                "inocds.security.fhir-servers.allowlist[0].origin", "http://localhost:8080"));
        required.onPort(8080);
        var listedSelf = required.check(URI.create("http://localhost:8080/fhir"), Optional.empty());
        assertThat(listedSelf.allowed()).isTrue();
        assertThat(listedSelf.thisService()).as("the sandbox listed by a site that requires JWT is still this service").isTrue();
    }
}
