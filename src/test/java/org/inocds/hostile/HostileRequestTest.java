package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Security review findings 3, 5 and 9 over a real port: what a caller controls can neither stall nor crash a call. */
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestTest extends ServiceHttpTest {

    private static final String SIGN = "inotuzumab-order-sign";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private static String signWithDose(String doseLiteral, String unit) {
        var request = orderHook("order-sign", "demo-us-c1d1", inotuzumabOrder("o1", "demo-us-c1d1", new BigDecimal("1.60"), "mg", "2026-01-10"));
        HookRequests.withFhirServer(request, "http://localhost:0/unused");
        String json = request.toString();
        return json.replace("\"value\":1.60", "\"value\":" + doseLiteral).replace("\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"",
                "\"unit\":\"" + unit + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"");
    }

    private CdsHttp.Answer post(String body) {
        return cds.post("/cds-services/" + SIGN, body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    private String withSandbox(String body) {
        return body.replace("http://localhost:0/unused", cds.fhirBase());
    }

    @ParameterizedTest(name = "dose {0} → 400 naming the field")
    @ValueSource(strings = {"1e999999999", "1e-999999999", "-1E+999999999", "5e1001"})
    void numbersWithAbsurdExponentsAre400NamingTheField(String literal) {
        var answer = post(withSandbox(signWithDose(literal, "mg")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("issue").get(0).get("diagnostics").asText())
                .contains("/context/draftOrders/entry/0/resource/dosageInstruction/0/doseAndRate/0/doseQuantity/value", "exponent");
    }

    /**
     * A key given twice in one object is read as the first value by some parsers and as the last by others: a dose of
     * 1.60 mg to one reader is 16.0 mg to another. The request is refused, wherever the repeat is (RFC 8259 §4: names
     * within an object should be unique).
     */
    @ParameterizedTest(name = "{0} given twice → 400")
    @ValueSource(strings = {"dose value", "hook"})
    void aKeyGivenTwiceInOneObjectIs400(String where) {
        String body = withSandbox(signWithDose("1.60", "mg"));
        String repeated = where.equals("hook") ? body.replace("\"hook\":\"order-sign\"", "\"hook\":\"order-sign\",\"hook\":\"patient-view\"")
                : body.replace("\"value\":1.60", "\"value\":1.60,\"value\":16.0");
        assertThat(repeated).isNotEqualTo(body);
        var answer = post(repeated);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("issue").get(0).get("diagnostics").asText()).contains("repeats a key");
    }

    @Test
    void aLargeButSaneExponentIsStillANumber() {
        var answer = post(withSandbox(signWithDose("1.6e0", "mg")));
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aFiveThousandDigitNumberIsRefusedAsTooLongNotAsNesting() {
        var answer = post(withSandbox(signWithDose("1" + "0".repeat(5000), "mg")));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("issue").get(0).get("diagnostics").asText()).contains("longer than").doesNotContain("nested");
    }

    @Test
    void utf16AndUtf32BodiesAreRefused() {
        String body = withSandbox(signWithDose("1.60", "mg"));
        for (var charset : new java.nio.charset.Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                java.nio.charset.Charset.forName("UTF-32")}) {
            var answer = cds.post("/cds-services/" + SIGN, body.getBytes(charset), JSON);
            assertThat(answer.status()).as(charset.name()).isEqualTo(415);
            assertThat(answer.body()).contains("UTF-8");
        }
    }

    /** Finding 3: each of these once pinned a core for ever inside UCUM. */
    @ParameterizedTest(name = "unit {0} is answered at once and shown as unconvertible")
    @ValueSource(strings = {"mg999999999", "10*999999999.mg", "10^-999999999.g", "ug2147483647", "mg.10*-99999"})
    void shortHostileUnitsNeverReachUcum(String unit) {
        long start = System.nanoTime();
        var answer = post(withSandbox(signWithDose("1.60", unit)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).isLessThan(3_000);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("data-quality");
    }

    @ParameterizedTest(name = "patient id \"{0}\" → 400")
    @ValueSource(strings = {".", "..", "a/b", "a b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void patientIdsOutsideFhirIdSyntaxAre400(String id) {
        var request = HookRequests.patientView("p");
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.get("context")).put("patientId", id);
        HookRequests.withFhirServer(request, cds.fhirBase());
        var answer = cds.call("inotuzumab-patient-view", request);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("patientId");
    }

    @ParameterizedTest(name = "fhirServer {0} → 400")
    @ValueSource(strings = {"http://0177.0.0.1/fhir", "http://0x7f.0.0.1/fhir", "http://0x7f000001/fhir", "http://127.1/fhir",
        "http://2130706433/fhir", "http://127.0.0.01/fhir", "http://1.2.3.4.5/fhir"})
    void nonCanonicalIpv4LiteralsAre400(String server) {
        var request = HookRequests.withFhirServer(HookRequests.patientView("demo-us-c1d1"), server);
        var answer = cds.call("inotuzumab-patient-view", request);
        assertThat(answer.status()).as(server).isEqualTo(400);
        assertThat(answer.json().get("issue").get(0).get("diagnostics").asText()).contains("fhirServer");
    }

    /** Finding 9: a hookInstance cannot forge a log line or make a huge one. */
    @Test
    void hookInstanceIsLoggedPrintableAndShort(CapturedOutput output) {
        var request = HookRequests.withFhirServer(HookRequests.patientView("demo-us-c1d1"), cds.fhirBase());
        String forged = "abc\r\n2026-01-10T00:00:00Z  INFO forged line\u001b[31m" + "y".repeat(1_000_000);
        request.put("hookInstance", forged);
        assertThat(cds.call("inotuzumab-patient-view", request).status()).isEqualTo(200);
        String line = output.getAll().lines().filter(l -> l.contains("hookInstance=abc")).findFirst().orElseThrow();
        assertThat(line).contains("hookInstance=abc??2026-01-10T00:00:00Z  INFO forged line?[31m").hasSizeLessThan(400);
        assertThat(output.getAll().lines().filter(l -> l.startsWith("2026-01-10T00:00:00Z"))).isEmpty();
    }
}
