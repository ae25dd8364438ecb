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
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.inocds.observability.ServiceMetrics;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Verifies the JWT a CDS client sends (CDS Hooks 2.0 "Trusting CDS Clients") with Nimbus JOSE: the issuer
 * must be configured; the key is taken by {@code kid} from the issuer's configured keys first, else from a
 * {@code jku} on that issuer's allowlist, else from its JWKS URL; asymmetric algorithms only (never
 * {@code none} or HMAC); exactly one {@code aud}, equal to the endpoint URL called or to the audience configured for
 * the issuer (its own, else the global one); {@code exp}, {@code iat} and {@code jti} required, with a small clock
 * skew, a lifetime cap (both per issuer where it says) and a replay store. Reasons are logged, tokens never.
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

        /** The refusal's family: a bounded set, so that it can name a metric's tag (the message may hold caller text). */
        public enum Kind { MALFORMED, ALGORITHM, ISSUER, KEY, SIGNATURE_OR_CLAIMS, AUDIENCE, TIME, REPLAY }

        private final Kind kind;

        Rejected(Kind kind, String reason) {
            super(reason);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /** A token that passed every check: who sent it, its header and claims, and whether it may read {@code /admin}. */
    public record Verified(VerifiedClient client, JWSHeader header, JWTClaimsSet claims, boolean admin) {}

    private final InocdsProperties.Jwt settings;
    private final Map<String, InocdsProperties.Issuer> issuers = new HashMap<>();
    private final Map<String, JWKSet> configuredKeys = new HashMap<>();
    private final Map<String, JWKSource<SecurityContext>> remoteSources = new ConcurrentHashMap<>();
    private final JtiReplayStore replays;
    private final Clock clock;
    private final ServiceMetrics metrics;

    public CdsClientVerifier(InocdsProperties properties, JtiReplayStore replays, Clock clock, ServiceMetrics metrics) {
        this.metrics = metrics;
        this.settings = properties.security().jwt();
        this.clock = clock;
        this.replays = replays;
        for (var issuer : Optional.ofNullable(settings.issuers()).orElse(List.of())) {
            issuers.put(issuer.iss(), issuer);
            if (issuer.jwks() != null && !issuer.jwks().isBlank()) {
                try {
                    configuredKeys.put(issuer.iss(), JWKSet.parse(issuer.jwks()));
                } catch (ParseException e) {
                    throw new IllegalStateException("inocds.security.jwt.issuers: keys of " + issuer.iss() + " are not a JWK Set", e);
                }
            }
        }
    }

    public boolean required() {
        return settings.required();
    }

    /**
     * @param token the compact JWT (without "Bearer ")
     * @param calledUrl the absolute URL of the endpoint being called, as the client named it (CDS Hooks 2.0: {@code aud})
     */
    public Verified verify(String token, String calledUrl) throws Rejected {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token.trim());
        } catch (ParseException e) {
            throw new Rejected(Rejected.Kind.MALFORMED, "not a JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new Rejected(Rejected.Kind.MALFORMED, "unsigned or encrypted JWT");
        }
        JWSHeader header = signed.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new Rejected(Rejected.Kind.ALGORITHM, "algorithm " + header.getAlgorithm() + " not accepted");
        }
        String iss;
        try {
            iss = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new Rejected(Rejected.Kind.MALFORMED, "claims unreadable");
        }
        InocdsProperties.Issuer issuer = iss == null ? null : issuers.get(iss);
        if (issuer == null) {
            throw new Rejected(Rejected.Kind.ISSUER, "issuer not trusted");
        }
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keysFor(issuer, header)));
        // The audience is checked below against two accepted values, after normalisation.
        var claimsVerifier = new DefaultJWTClaimsVerifier<SecurityContext>(null,
                new JWTClaimsSet.Builder().issuer(iss).build(), REQUIRED_CLAIMS) {
            @Override
            protected Date currentTime() {
                return Date.from(Instant.now(clock));
            }
        };
        Duration skew = Optional.ofNullable(issuer.clockSkew()).orElse(settings.clockSkew());
        Duration maxLifetime = Optional.ofNullable(issuer.maxTokenLifetime()).orElse(settings.maxTokenLifetime());
        claimsVerifier.setMaxClockSkew((int) skew.toSeconds());
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(signed, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new Rejected(Rejected.Kind.SIGNATURE_OR_CLAIMS, "verification failed: " + e.getMessage());
        }
        if (claims.getAudience().size() != 1 || !audienceAccepted(issuer, claims.getAudience().get(0), calledUrl)) {
            throw new Rejected(Rejected.Kind.AUDIENCE, "audience is neither the endpoint called nor the audience configured for this issuer");
        }
        Instant now = Instant.now(clock);
        Instant iat = claims.getIssueTime().toInstant();
        Instant exp = claims.getExpirationTime().toInstant();
        if (!exp.isAfter(iat)) {
            throw new Rejected(Rejected.Kind.TIME, "expires at or before it was issued");
        }
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new Rejected(Rejected.Kind.MALFORMED, "jti empty");
        }
        if (iat.isAfter(now.plus(skew))) {
            throw new Rejected(Rejected.Kind.TIME, "issued in the future");
        }
        if (exp.isAfter(iat.plus(maxLifetime))) {
            throw new Rejected(Rejected.Kind.TIME, "token lifetime too long");
        }
        if (!replays.firstUse(iss, claims.getJWTID(), exp.plus(skew), now)) {
            throw new Rejected(Rejected.Kind.REPLAY, "jti replayed");
        }
        return new Verified(new VerifiedClient(iss, claims.getSubject()), header, claims, issuer.admin() || hasScope(claims, settings.adminScope()));
    }

    /**
     * The endpoint URL called, always; else the issuer's own {@code audience} when it has one (Epic's is typed by hand
     * at the site), else the global one — unless that is another issuer's own audience: an audience agreed with one
     * EHR is never a way in for another.
     */
    private boolean audienceAccepted(InocdsProperties.Issuer issuer, String aud, String calledUrl) {
        if (Audience.matches(aud, calledUrl, null)) {
            return true;
        }
        if (issuer.audience() != null && !issuer.audience().isBlank()) {
            return Audience.same(aud, issuer.audience());
        }
        return Audience.matches(aud, null, settings.audience()) && issuers.values().stream()
                .noneMatch(other -> other != issuer && other.audience() != null && !other.audience().isBlank()
                        && Audience.same(aud, other.audience()));
    }

    private static boolean hasScope(JWTClaimsSet claims, String scope) {
        Object value = claims.getClaim("scope");
        if (scope == null || scope.isBlank() || value == null) {
            return false;
        }
        if (value instanceof List<?> list) {
            return list.contains(scope);
        }
        return List.of(value.toString().split(" ")).contains(scope);
    }

    /**
     * Configured keys first (by {@code kid}), so an issuer set up with static keys works whatever {@code jku} its
     * tokens name; a {@code jku} is fetched only when it is on the issuer's allowlist and no configured key matches.
     */
    private JWKSource<SecurityContext> keysFor(InocdsProperties.Issuer issuer, JWSHeader header) throws Rejected {
        JWKSet configured = configuredKeys.get(issuer.iss());
        if (configured != null && (header.getKeyID() == null || configured.getKeyByKeyId(header.getKeyID()) != null)) {
            return new ImmutableJWKSet<>(configured);
        }
        if (header.getJWKURL() != null) {
            String jku = header.getJWKURL().toString();
            if (issuer.jkuAllowlist() == null || !issuer.jkuAllowlist().contains(jku)) {
                throw new Rejected(Rejected.Kind.KEY, "jku not on the issuer's allowlist and no configured key has the token's kid");
            }
            return remote(jku);
        }
        if (issuer.jwksUrl() != null && !issuer.jwksUrl().isBlank()) {
            return remote(issuer.jwksUrl());
        }
        if (configured != null) {
            throw new Rejected(Rejected.Kind.KEY, "no configured key has the token's kid");
        }
        throw new Rejected(Rejected.Kind.KEY, "issuer has no keys configured");
    }

    /**
     * A fetched JWK Set, cached by Nimbus (5 minutes, refreshed when an unknown {@code kid} arrives, rate-limited);
     * bounded: only configured URLs (JWKS URLs and allowlisted {@code jku}s) ever get a source, each body ≤ 256 KB.
     */
    private JWKSource<SecurityContext> remote(String url) throws Rejected {
        try {
            var u = URI.create(url).toURL();
            return remoteSources.computeIfAbsent(url, k -> JWKSourceBuilder.<SecurityContext>create(u, new NoRedirectRetriever())
                    .retrying(false).build());
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Rejected(Rejected.Kind.KEY, "key URL malformed");
        }
    }

    /**
     * Keys only from the URL configured, never from where it redirects: an allowlisted {@code jku} or JWKS URL that
     * answers 3xx (an open redirect on the issuer's host, say) would otherwise hand the choice of keys to whoever
     * the redirect names. A 3xx is a failed fetch (Nimbus refuses any status outside 2xx); http(s) only.
     */
    static final class NoRedirectRetriever extends DefaultResourceRetriever {

        NoRedirectRetriever() {
            super(2_000, 2_000, 256 * 1024);
        }

        @Override
        protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
            HttpURLConnection connection = super.openHTTPConnection(url);
            connection.setInstanceFollowRedirects(false);
            return connection;
        }

        @Override
        protected URLConnection openFileConnection(URL url) throws IOException {
            throw new IOException("key URLs are http(s) only");
        }
    }

    void logRejection(String path, Rejected e) {
        metrics.jwtRefused(e.kind().name());
        log.warn("JWT refused on {}: {}", LogSafe.route(path), e.getMessage());
    }
}
