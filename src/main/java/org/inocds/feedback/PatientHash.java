package org.inocds.feedback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.inocds.settings.InocdsProperties;
import org.springframework.stereotype.Component;

/**
 * The only form in which a patient is stored: HMAC-SHA256 of the FHIR id under a site key, so that cards of
 * one patient can be grouped without keeping who the patient is.
 */
@Component
public class PatientHash {

    private final SecretKeySpec key;

    public PatientHash(InocdsProperties properties) {
        this.key = new SecretKeySpec(properties.audit().patientHashKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String of(String patientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
