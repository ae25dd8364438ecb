package org.inocds.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * How the service's own fetches from its embedded FHIR sandbox are told from callers' requests. In the demo a call
 * names the sandbox on this service's own port as its {@code fhirServer}, so the service fetches the record from
 * itself, over loopback, from the same address as a caller on the same host: counted as that caller's requests, the
 * fetches of a caller's own calls took its share of workers and it got 503s at its limit (issue 22, the soak).
 * <p>
 * A fetch to the sandbox carries {@link #HEADER} with a secret drawn at random when this process starts and never
 * written anywhere: only this process can send it, and it is sent only to this process's own sandbox (the fetch
 * client adds it when the fhirServer policy found the address to be this service's sandbox, never to another server,
 * never across a next link to another origin). The header's presence proves nothing; only the exact secret does,
 * compared in constant time. {@link ClientConnectionValve} then does not count the request against the client's
 * share; the caller's own call that caused it is counted, and its fetches are bounded per call
 * ({@code inocds.fetch.max-parallel}).
 */
@Component
public final class SelfFetch {

    /** The header that carries the secret on the service's own fetches. */
    public static final String HEADER = "X-Inocds-Self-Fetch";

    private final byte[] secret;

    public SelfFetch() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
    }

    /** The value of {@link #HEADER} on a fetch from this service's own sandbox; for the fetch client only. */
    public String secret() {
        return new String(secret, StandardCharsets.US_ASCII);
    }

    /** Whether a request's header value is this process's secret (constant time; absent or anything else: no). */
    boolean proves(String value) {
        return value != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII), secret);
    }
}
