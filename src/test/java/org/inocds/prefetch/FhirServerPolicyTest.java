package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.inocds.config.InocdsProperties;
import org.inocds.security.VerifiedClient;
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
        return new FhirServerPolicy(properties);
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
}
