package org.inocds.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * An EHR as the SMART app meets it, on loopback, started by a test: a real OAuth2/OIDC server (Spring Authorization
 * Server) that knows the app as a public client with PKCE, accepts {@code aud} only for its own FHIR base
 * ({@code /fhir}, not {@code /fhir2}), signs in users with a form ({@code doctor}: no admin group; {@code admin}: the
 * {@code inocds-admin} group in a {@code groups} claim) and answers the token request with the launch's {@code patient}
 * and {@code appContext}; and a FHIR server (a JDK HttpServer) that serves one demo patient's resources, each search
 * by resource type, only to a request with an unexpired access token signed by that server, and its SMART
 * configuration to anyone.
 */
public final class TestEhr implements AutoCloseable {

    public static final String CLIENT_ID = "inocds-smart";
    public static final String ADMIN_CLIENT_ID = "inocds-admin";
    public static final String ADMIN_CLIENT_SECRET = "admin-secret";
    public static final String PASSWORD = "password";
    public static final String PATIENT = "demo-jp-c2";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The one EHR of the JVM (Spring's test context is cached across test classes, and so is the app's view of it). */
    private static TestEhr shared;

    public static synchronized TestEhr shared() {
        if (shared == null) {
            shared = new TestEhr();
        }
        return shared;
    }

    final RSAKey key;
    final HttpServer fhir;
    final ConfigurableApplicationContext authorizationServer;
    /** The app's base URL, for the redirect URIs the authorization server accepts (set once the app has its port). */
    public static final AtomicReference<String> APP = new AtomicReference<>("http://localhost:0");
    /** The access token's lifetime, read at each token request. */
    static final AtomicReference<Duration> TOKEN_LIFETIME = new AtomicReference<>(Duration.ofMinutes(5));
    /** How the next token responses' id_token is spoiled (the app must refuse each), or NONE. */
    public enum IdTokenFault { NONE, WRONG_SIGNATURE, WRONG_AUDIENCE, EXPIRED }

    static final AtomicReference<IdTokenFault> ID_TOKEN_FAULT = new AtomicReference<>(IdTokenFault.NONE);
    /** launch id → patient and appContext. */
    static final Map<String, String[]> LAUNCHES = new ConcurrentHashMap<>();
    final AtomicInteger fhirRequests = new AtomicInteger();
    final AtomicInteger discoveries = new AtomicInteger();
    final AtomicInteger refusedWithoutToken = new AtomicInteger();
    /** The FHIR server answers every data request 401, as for a revoked or expired token. */
    final AtomicBoolean refuseAll = new AtomicBoolean();
    public final List<String> tokensSeen = new CopyOnWriteArrayList<>();
    private final Map<String, List<ObjectNode>> byType = new HashMap<>();

    private final ExecutorService fhirThreads;
    /** The TLS the two servers serve, or null for plain http (the test profile's EHR). */
    private final TestTls tls;

    private TestEhr() {
        this(null);
    }

    /**
     * An EHR of its own serving https only (both servers), as the {@code prod} profile requires of every server it talks
     * to; the caller closes it. Its launches, token lifetime and redirect URIs are the shared statics of this class.
     */
    public static TestEhr overTls(TestTls tls) {
        return new TestEhr(tls);
    }

    private TestEhr(TestTls tls) {
        this.tls = tls;
        try {
            key = new RSAKeyGenerator(2048).keyID("ehr-1").generate();
            JsonNode bundle = MAPPER.readTree(Files.readString(Path.of("fhir-resources/demo/" + PATIENT + ".json")));
            for (JsonNode entry : bundle.path("entry")) {
                ObjectNode resource = (ObjectNode) entry.path("resource");
                byType.computeIfAbsent(resource.path("resourceType").asText(), t -> new CopyOnWriteArrayList<>()).add(resource);
            }
            KEY.set(key);
            List<String> properties = new ArrayList<>(List.of(
                    "server.port=0", "server.address=127.0.0.1", "spring.config.name=smart-test-authorization-server",
                    "spring.main.banner-mode=off", "server.servlet.session.cookie.name=EHR_SESSION", "spring.jmx.enabled=false"));
            if (tls != null) {
                properties.addAll(List.of("server.ssl.key-store=file:" + tls.keyStore().toAbsolutePath(), "server.ssl.key-store-type=PKCS12",
                        "server.ssl.key-store-password=" + TestTls.PASSWORD, "server.ssl.key-alias=ehr"));
            }
            authorizationServer = new SpringApplicationBuilder(AuthorizationServer.class).properties(properties.toArray(String[]::new)).run();
            if (tls != null) {
                HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
                fhir = https;
            } else {
                fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            }
            fhir.createContext("/", this::serveFhir);
            // requests in parallel, as an EHR's server answers them: the service fetches the record's parts at once, and a
            // TLS handshake each on one thread may outlast its deadline on a busy machine
            fhirThreads = Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "test-ehr-fhir");
                t.setDaemon(true);
                return t;
            });
            fhir.setExecutor(fhirThreads);
            fhir.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final AtomicReference<RSAKey> KEY = new AtomicReference<>();

    public String authorizationServerBase() {
        return scheme() + "://127.0.0.1:" + ((ServletWebServerApplicationContext) authorizationServer).getWebServer().getPort();
    }

    public String fhirOrigin() {
        return scheme() + "://127.0.0.1:" + fhir.getAddress().getPort();
    }

    private String scheme() {
        return tls == null ? "http" : "https";
    }

    /** A JWT signed with this EHR's key ({@code kid} ehr-1, RS256, published at {@code /oauth2/jwks}): a CDS client token, an access token. */
    public String sign(JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests its FHIR server answered with data (a valid token). */
    public int fhirRequestsServed() {
        return tokensSeen.size();
    }

    /** The FHIR base the authorization server accepts as {@code aud}. */
    public String fhirBase() {
        return fhirOrigin() + "/fhir";
    }

    /** A second FHIR base on the same server, registered with the app, that the authorization server does not serve. */
    public String otherFhirBase() {
        return fhirOrigin() + "/fhir2";
    }

    /** What the EHR does when a user opens a card's smart link: a launch id bound to the patient and the card's appContext. */
    public static String launch(String patient, String appContext) {
        String id = UUID.randomUUID().toString();
        LAUNCHES.put(id, new String[] {patient, appContext});
        return id;
    }

    @Override
    public void close() {
        fhir.stop(0);
        fhirThreads.shutdownNow();
        authorizationServer.close();
    }

    private void serveFhir(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/.well-known/smart-configuration")) {
                discoveries.incrementAndGet();
                ObjectNode config = MAPPER.createObjectNode();
                String as = authorizationServerBase();
                config.put("issuer", as).put("authorization_endpoint", as + "/oauth2/authorize").put("token_endpoint", as + "/oauth2/token")
                        .put("jwks_uri", as + "/oauth2/jwks");
                config.putArray("code_challenge_methods_supported").add("S256");
                config.putArray("capabilities").add("launch-ehr").add("launch-standalone").add("client-public").add("context-ehr-patient")
                        .add("context-standalone-patient").add("permission-v2");
                config.putArray("scopes_supported").add("launch").add("launch/patient").add("openid").add("fhirUser");
                send(exchange, 200, config);
                return;
            }
            fhirRequests.incrementAndGet();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (refuseAll.get() || authorization == null || !authorization.startsWith("Bearer ") || !valid(authorization.substring(7))) {
                if (authorization == null) {
                    refusedWithoutToken.incrementAndGet();
                }
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            tokensSeen.add(authorization.substring(7));
            String rest = path.substring(path.indexOf("/fhir/") + "/fhir/".length());
            String[] segments = rest.split("/");
            String type = segments[0];
            List<ObjectNode> all = byType.getOrDefault(type, List.of());
            if (segments.length == 2) {
                var found = all.stream().filter(r -> r.path("id").asText().equals(URLDecoder.decode(segments[1], StandardCharsets.UTF_8))).findFirst();
                if (found.isEmpty()) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    send(exchange, 200, found.get());
                }
                return;
            }
            ObjectNode result = MAPPER.createObjectNode().put("resourceType", "Bundle").put("type", "searchset").put("total", all.size());
            ArrayNode entries = result.putArray("entry");
            all.forEach(r -> entries.addObject().set("resource", r));
            send(exchange, 200, result);
        }
    }

    private boolean valid(String token) {
        try {
            var processor = new DefaultJWTProcessor<SecurityContext>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
            var claims = new DefaultJWTClaimsVerifier<SecurityContext>(null, Set.of("exp"));
            claims.setMaxClockSkew(0);
            processor.setJWTClaimsSetVerifier(claims);
            processor.process(token, null);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /**
     * Spring Authorization Server, configured in code (none of its auto-configuration, nothing of ours). Not a
     * {@code @Configuration}: the service's own component scan (which sees test classes) must not pick it up.
     */
    @ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class})
    static class AuthorizationServer {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServerEndpoints(HttpSecurity http, OAuth2AuthorizationService authorizations) throws Exception {
            var server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s
                            .authorizationEndpoint(e -> e.authenticationProviders(providers -> providers.forEach(p -> {
                                if (p instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
                                    codeRequests.setAuthenticationValidator(new OAuth2AuthorizationCodeRequestAuthenticationValidator()
                                            .andThen(AuthorizationServer::audIsOurFhirBase));
                                }
                            })))
                            .tokenEndpoint(t -> t.accessTokenResponseHandler(launchContext(authorizations)))
                            .oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()))
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain login(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        /** SMART: "servers SHALL support the aud parameter" — this one serves /fhir only. */
        private static void audIsOurFhirBase(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
            OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
            if (!CLIENT_ID.equals(context.getRegisteredClient().getClientId())) {
                return; // the admin login client is no SMART app
            }
            Object aud = request.getAdditionalParameters().get("aud");
            if (aud == null || !aud.toString().endsWith("/fhir")
                    || !(aud.toString().startsWith("http://127.0.0.1:") || aud.toString().startsWith("https://127.0.0.1:"))) {
                throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error("invalid_request", "aud is not this server's FHIR base", null),
                        request);
            }
        }

        /** The token response with the SMART launch context: the launch's patient (standalone: the demo patient) and appContext. */
        private static AuthenticationSuccessHandler launchContext(OAuth2AuthorizationService authorizations) {
            var converter = new OAuth2AccessTokenResponseHttpMessageConverter();
            return (request, response, authentication) -> {
                var granted = (OAuth2AccessTokenAuthenticationToken) authentication;
                OAuth2AccessToken access = granted.getAccessToken();
                var authorization = authorizations.findByToken(access.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
                OAuth2AuthorizationRequest asked = authorization == null ? null : authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
                Map<String, Object> extra = new HashMap<>(granted.getAdditionalParameters());
                Object launch = asked == null ? null : asked.getAdditionalParameters().get("launch");
                if (asked != null && asked.getScopes().stream().anyMatch(s -> s.startsWith("launch"))) {
                    String[] context = launch == null ? new String[] {PATIENT, null} : LAUNCHES.get(launch.toString());
                    if (context != null) {
                        extra.put("patient", context[0]);
                        if (context[1] != null) {
                            extra.put("appContext", context[1]);
                        }
                    }
                }
                Object idToken = extra.get(OidcParameterNames.ID_TOKEN);
                if (idToken != null && ID_TOKEN_FAULT.get() != IdTokenFault.NONE) {
                    extra.put(OidcParameterNames.ID_TOKEN, spoiled(idToken.toString(), ID_TOKEN_FAULT.get()));
                }
                var builder = OAuth2AccessTokenResponse.withToken(access.getTokenValue()).tokenType(access.getTokenType())
                        .scopes(access.getScopes()).additionalParameters(extra);
                if (access.getIssuedAt() != null && access.getExpiresAt() != null) {
                    builder.expiresIn(Duration.between(access.getIssuedAt(), access.getExpiresAt()).getSeconds());
                }
                converter.write(builder.build(), null, new ServletServerHttpResponse(response));
            };
        }

        @Bean
        OAuth2AuthorizationService authorizationService() {
            return new InMemoryOAuth2AuthorizationService();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(User.withUsername("doctor").password("{noop}" + PASSWORD).roles("PHYSICIAN").build(),
                    User.withUsername("admin").password("{noop}" + PASSWORD).roles("PHYSICIAN", "INOCDS_ADMIN").build());
        }

        /** The id_token as it should not be: signed by another key, for another client, or expired ten minutes ago. */
        private static String spoiled(String idToken, IdTokenFault fault) {
            try {
                var claims = new JWTClaimsSet.Builder(SignedJWT.parse(idToken).getJWTClaimsSet());
                RSAKey signer = KEY.get();
                switch (fault) {
                    case WRONG_SIGNATURE -> signer = new RSAKeyGenerator(2048).keyID(KEY.get().getKeyID()).generate();
                    case WRONG_AUDIENCE -> claims.audience("another-app");
                    case EXPIRED -> claims.issueTime(Date.from(Instant.now().minusSeconds(1200))).expirationTime(Date.from(Instant.now().minusSeconds(600)));
                    case NONE -> { }
                }
                var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(), claims.build());
                jwt.sign(new RSASSASigner(signer));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The user's groups in the id_token ({@code groups}: "physician", "inocds-admin"), as an IdP maps them. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> groups() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    // SMART's fhirUser: the signed-in user as a FHIR resource of this EHR
                    context.getClaims().claim("fhirUser", "Practitioner/" + context.getPrincipal().getName());
                    context.getClaims().claim("groups", context.getPrincipal().getAuthorities().stream().map(GrantedAuthority::getAuthority)
                            .map(a -> a.replaceFirst("^ROLE_", "").toLowerCase(Locale.ROOT).replace('_', '-')).toList());
                }
            };
        }

        /** Built at each look-up, so that the redirect URI names the app's port and the token lifetime is the test's. */
        @Bean
        RegisteredClientRepository clients() {
            return new RegisteredClientRepository() {
                @Override
                public void save(RegisteredClient client) {
                    // the server re-saves a client whose secret encoding it upgrades; these clients are built at each look-up
                }

                @Override
                public RegisteredClient findById(String id) {
                    return findByClientId(id);
                }

                @Override
                public RegisteredClient findByClientId(String clientId) {
                    if (CLIENT_ID.equals(clientId)) {
                        return RegisteredClient.withId(CLIENT_ID).clientId(CLIENT_ID)
                                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                                .redirectUri(APP.get() + "/smart/callback")
                                .scopes(s -> s.addAll(List.of("launch", "launch/patient", "openid", "fhirUser", "patient/Patient.rs",
                                        "patient/Observation.rs", "patient/MedicationRequest.rs", "patient/MedicationAdministration.rs",
                                        "patient/Condition.rs", "patient/Procedure.rs", "patient/ServiceRequest.rs", "patient/CarePlan.rs",
                                        "patient/AllergyIntolerance.rs", "patient/AdverseEvent.rs")))
                                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(TOKEN_LIFETIME.get()).build())
                                .build();
                    }
                    if (ADMIN_CLIENT_ID.equals(clientId)) {
                        return RegisteredClient.withId(ADMIN_CLIENT_ID).clientId(ADMIN_CLIENT_ID).clientSecret("{noop}" + ADMIN_CLIENT_SECRET)
                                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                                .redirectUri(APP.get() + "/login/oauth2/code/admin")
                                .scopes(s -> s.addAll(List.of("openid")))
                                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                                .build();
                    }
                    return null;
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> jwkSource() {
            return new ImmutableJWKSet<>(new JWKSet(KEY.get()));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
