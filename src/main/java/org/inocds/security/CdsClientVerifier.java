package org.inocds.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.inocds.config.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Verifies the JWT a CDS client sends (CDS Hooks 2.0 "Trusting CDS Clients") with Nimbus JOSE: the issuer
 * must be configured; keys come from the issuer's JWKS, or from a {@code jku} on that issuer's allowlist only;
 * asymmetric algorithms only (never {@code none} or HMAC); exact {@code aud}; {@code exp}, {@code iat} and
 * {@code jti} required, with a small clock skew and a replay cache. Reasons are logged, tokens never.
 */
@Component
public class CdsClientVerifier {

    /** ES384 and RS384 are recommended by the spec; their 256/512 kin and PS* are accepted too. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "jti");
    private static final Logger log = LoggerFactory.getLogger(CdsClientVerifier.class);

    /** Why a token was refused; logged, never returned to the caller. */
    public static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason);
        }
    }

    private final InocdsProperties.Jwt settings;
    private final Map<String, InocdsProperties.Issuer> issuers = new HashMap<>();
    private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();
    private final JtiReplayCache replays;
    private final Clock clock;

    public CdsClientVerifier(InocdsProperties properties, Clock clock) {
        this.settings = properties.security().jwt();
        this.clock = clock;
        this.replays = new JtiReplayCache(settings.replayCacheSize());
        for (var issuer : Optional.ofNullable(settings.issuers()).orElse(List.of())) {
            issuers.put(issuer.iss(), issuer);
        }
    }

    public boolean required() {
        return settings.required();
    }

    /** @param authorization the Authorization header, or null */
    public VerifiedClient verify(String authorization) throws Rejected {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Rejected("no bearer token");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(authorization.substring(7).trim());
        } catch (ParseException e) {
            throw new Rejected("not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new Rejected("unsigned or encrypted JWT");
        }
        JWSHeader header = signed.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new Rejected("algorithm " + header.getAlgorithm() + " not accepted");
        }
        String iss;
        try {
            iss = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new Rejected("claims unreadable");
        }
        InocdsProperties.Issuer issuer = iss == null ? null : issuers.get(iss);
        if (issuer == null) {
            throw new Rejected("issuer not trusted");
        }
        JWKSource<SecurityContext> keys = keysFor(issuer, header);
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        var claimsVerifier = new DefaultJWTClaimsVerifier<SecurityContext>(settings.audience(),
                new JWTClaimsSet.Builder().issuer(iss).build(), REQUIRED_CLAIMS) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(Instant.now(clock));
            }
        };
        claimsVerifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new Rejected("verification failed: " + e.getMessage());
        }
        if (claims.getAudience().size() != 1 || !claims.getAudience().get(0).equals(settings.audience())) {
            throw new Rejected("audience not exact");
        }
        Instant now = Instant.now(clock);
        Instant iat = claims.getIssueTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        if (iat.isAfter(now.plus(settings.clockSkew()))) {
            throw new Rejected("issued in the future");
        }
        if (exp.isAfter(iat.plus(settings.maxTokenLifetime()))) {
            throw new Rejected("token lifetime too long");
        }
        if (!replays.firstUse(iss, claims.getJWTID(), exp.plus(settings.clockSkew()), now)) {
            throw new Rejected("jti replayed");
        }
        return new VerifiedClient(iss, claims.getSubject());
    }

    private JWKSource<SecurityContext> keysFor(InocdsProperties.Issuer issuer, JWSHeader header) throws Rejected {
        if (header.getJWKURL() != null) {
            String jku = header.getJWKURL().toString();
            if (issuer.jkuAllowlist() == null || !issuer.jkuAllowlist().contains(jku)) {
                throw new Rejected("jku not on the issuer's allowlist");
            }
            return remote(jku);
        }
        if (issuer.jwks() != null && !issuer.jwks().isBlank()) {
            return sources.computeIfAbsent("static:" + issuer.iss(), k -> {
                try {
                    return new ImmutableJWKSet<>(JWKSet.parse(issuer.jwks()));
                } catch (ParseException e) {
                    throw new IllegalStateException("inocds.security.jwt.issuers: keys of " + issuer.iss() + " are not a JWK Set", e);
                }
            });
        }
        if (issuer.jwksUrl() != null && !issuer.jwksUrl().isBlank()) {
            return remote(issuer.jwksUrl());
        }
        throw new Rejected("issuer has no keys configured");
    }

    private JWKSource<SecurityContext> remote(String url) throws Rejected {
        try {
            var u = URI.create(url).toURL();
            return sources.computeIfAbsent(url, k -> JWKSourceBuilder.<SecurityContext>create(u,
                    new DefaultResourceRetriever(2_000, 2_000, 256 * 1024)).retrying(false).build());
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Rejected("key URL malformed");
        }
    }

    void logRejection(String path, Rejected e) {
        log.warn("JWT refused on {}: {}", path, e.getMessage());
    }
}
