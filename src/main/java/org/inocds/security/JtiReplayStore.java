package org.inocds.security;

import java.time.Instant;

/**
 * Remembers each token id ({@code jti}) of an issuer until its token expires, so that a captured token cannot
 * be replayed (CDS Hooks 2.0: {@code jti} "prevents replay"). In memory for one process; in the shared database
 * when several replicas serve the same clients ({@code inocds.security.jwt.replay-store}).
 */
public interface JtiReplayStore {

    /** @return true the first time a (issuer, jti) pair is offered, false on every repeat before {@code expiry} */
    boolean firstUse(String issuer, String jti, Instant expiry, Instant now);
}
