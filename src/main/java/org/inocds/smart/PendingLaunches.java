package org.inocds.smart;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The launches of one browser session that went to the authorization server and have not come back, by their
 * {@code state}: a callback whose {@code state} is not here is refused (SMART App Launch: the app "SHALL validate the
 * value of the state parameter"). Each state is used once; a session keeps the newest {@link #MAX} only.
 */
final class PendingLaunches {

    static final String ATTRIBUTE = PendingLaunches.class.getName();
    static final int MAX = 5;

    /**
     * One launch under way: where to exchange the code, as whom, with which PKCE verifier; whether the EHR is the demo's
     * own sandbox; the issuer and JWKS an id_token must come from (empty, null: the configuration named none) and the
     * nonce it must carry.
     */
    record Pending(URI fhirBase, URI tokenEndpoint, String clientId, String clientSecret, URI redirectUri, CodeVerifier verifier,
            Instant started, boolean demo, String issuer, URI jwks, Nonce nonce) {
        @Override
        public String toString() {
            return "Pending[" + fhirBase + "]";
        }
    }

    private final Map<String, Pending> byState = new LinkedHashMap<>();

    synchronized void add(String state, Pending pending) {
        byState.put(state, pending);
        while (byState.size() > MAX) {
            byState.remove(byState.keySet().iterator().next());
        }
    }

    synchronized Optional<Pending> take(String state) {
        return Optional.ofNullable(state == null ? null : byState.remove(state));
    }
}
