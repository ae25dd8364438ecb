package org.inocds.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.inocds.reader.HapiPatientRecordReader;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** The logs of successful, refused and failed calls hold no token and no patient identifier or name. */
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyTest extends ServiceHttpTest {

    private static final String TOKEN = "tok-6f1e9b-very-secret";
    private static final String PATIENT = "demo-jp-c1d1";

    @MockitoSpyBean
    HapiPatientRecordReader reader;

    @Test
    void logsHoldNoTokensOrPatientData(CapturedOutput output) {
        ObjectNode ok = orderHook("order-sign", PATIENT, inotuzumabOrder("draft-1", PATIENT, new BigDecimal("1.70"), "mg", "2026-01-10"));
        ok.put("fhirServer", cds.fhirBase());
        ok.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer").put("expires_in", 300)
                .put("scope", "user/*.read").put("subject", "cds");
        assertThat(cds.call("inotuzumab-order-sign", ok).status()).isEqualTo(200);

        ObjectNode refused = ok.deepCopy();
        refused.put("fhirServer", "http://10.20.30.40/fhir");
        refused.remove("prefetch");
        assertThat(cds.call("inotuzumab-order-sign", refused).status()).isEqualTo(412);

        var bad = ok.deepCopy();
        bad.put("hook", 42);
        assertThat(cds.post("/cds-services/inotuzumab-order-sign", bad.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json")).status()).isEqualTo(400);

        Mockito.doThrow(new IllegalStateException("cannot read patient " + PATIENT + " 山田 花子 with " + TOKEN))
                .when(reader).read(any());
        assertThat(cds.call("inotuzumab-order-sign", ok).status()).isEqualTo(500);

        String logs = output.getAll();
        assertThat(logs).contains("hookInstance=", "unexpected failure, correlation id");
        assertThat(logs).doesNotContain(TOKEN, PATIENT, "山田", "花子", "Yamada");
    }
}
