package org.inocds.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Spring Security's view of a CDS client token for one request: {@link CdsClientVerifier} does every check
 * (with the URL this request called as the accepted {@code aud}), and the result becomes a {@link Jwt}. A
 * refusal is logged with its reason and becomes a {@link BadJwtException}, which the entry point answers with
 * 401 and no body.
 */
final class CdsJwtDecoder implements JwtDecoder {

    /** Claim added to the decoded token when its issuer or scope grants {@code /admin/**}. */
    static final String ADMIN_CLAIM = "inocds_admin";

    private final CdsClientVerifier verifier;
    private final String calledUrl;
    private final String path;

    CdsJwtDecoder(CdsClientVerifier verifier, String calledUrl, String path) {
        this.verifier = verifier;
        this.calledUrl = calledUrl;
        this.path = path;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        CdsClientVerifier.Verified verified;
        try {
            verified = verifier.verify(token, calledUrl);
        } catch (CdsClientVerifier.Rejected e) {
            verifier.logRejection(path, e);
            throw new BadJwtException("token refused");
        }
        Map<String, Object> claims = new LinkedHashMap<>(verified.claims().getClaims());
        claims.put("iat", verified.claims().getIssueTime().toInstant());
        claims.put("exp", verified.claims().getExpirationTime().toInstant());
        if (verified.claims().getNotBeforeTime() != null) {
            claims.put("nbf", verified.claims().getNotBeforeTime().toInstant());
        }
        claims.put(ADMIN_CLAIM, verified.admin());
        Instant iat = (Instant) claims.get("iat");
        Instant exp = (Instant) claims.get("exp");
        return Jwt.withTokenValue(token)
                .headers(h -> h.putAll(verified.header().toJSONObject()))
                .claims(c -> c.putAll(claims))
                .issuedAt(iat)
                .expiresAt(exp)
                .build();
    }
}
