package org.inocds.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inocds.settings.InocdsProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The demo EHR's authorization server (docs/design.md "SMART app", the demo launcher): Spring Authorization Server
 * under {@code /demo-ehr/oauth2/…}, so that the demo page can open the timeline as a SMART app the way an EHR does
 * ({@code launch} + {@code iss} = this service's sandbox {@code /fhir}). It knows one public client (PKCE S256, no
 * secret), signs in every authorization request as the demo EHR's own user (the physician is signed in to the EHR
 * already, as in an EHR launch), accepts {@code aud} only for the sandbox's base, and answers the token request with
 * the launch's {@code patient} and {@code appContext} ({@link DemoLaunches}) and an id_token whose {@code fhirUser} is the
 * demo physician. The sandbox's SMART configuration ({@code /fhir/.well-known/smart-configuration}) names it; its
 * access tokens carry the patient, and the sandbox checks them ({@link SandboxTokens}).
 *
 * <p>Only in the demo: the sandbox on, JWT off, never under {@code prod} (whose readiness check refuses the sandbox
 * anyway). Its key pair is made beside the start, not in it. Its beans are its own (no bean of Spring Authorization
 * Server's types is published; its auto-configuration is excluded in {@code application.yml}), so nothing else in the
 * service sees it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!prod")
@ConditionalOnExpression("${inocds.sandbox.enabled:true} and !${inocds.security.jwt.required:false}")
public class DemoAuthorizationServer {

    /** The SMART app's client id at the demo EHR. */
    public static final String CLIENT_ID = "inocds-demo-smart";
    /** The demo EHR's signed-in user, as the id_token's {@code fhirUser} names it. */
    static final String PHYSICIAN = "Practitioner/demo-physician";
    static final String PHYSICIAN_NAME = "Demo Physician";
    static final String PREFIX = "/demo-ehr/oauth2";

    private final Keys keys = new Keys();
    private final DemoLaunches launches = new DemoLaunches();
    private final InMemoryOAuth2AuthorizationService authorizations = new InMemoryOAuth2AuthorizationService();

    /**
     * The key pair is made off the start's path once the service is ready, so that neither the start nor the first
     * launch waits for it (on a busy machine, making it inside the first token request ran past the fetch deadline).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void makeTheKeyAhead() {
        Thread maker = new Thread(keys::set, "demo-ehr-key");
        maker.setDaemon(true);
        maker.start();
    }

    @Bean
    DemoLaunches demoLaunches() {
        return launches;
    }

    /** The sandbox as a SMART EHR the app knows without a setting (its issuer: whichever origin the sandbox is reached at). */
    @Bean
    InocdsProperties.SmartClient demoSmartClient() {
        return new InocdsProperties.SmartClient(null, CLIENT_ID, null);
    }

    @Bean
    SandboxTokens sandboxTokens() {
        return new SandboxTokens(keys);
    }

    @Bean
    FilterRegistrationBean<SandboxTokens> sandboxTokensFilter(SandboxTokens tokens) {
        var registration = new FilterRegistrationBean<>(tokens);
        registration.setUrlPatterns(List.of("/fhir/*"));
        return registration;
    }

    /** {@code {iss}/.well-known/smart-configuration}: an exact servlet mapping, ahead of the FHIR server's {@code /fhir/*}. */
    @Bean
    ServletRegistrationBean<HttpServlet> sandboxSmartConfiguration(ObjectMapper mapper, InocdsProperties properties) {
        HttpServlet servlet = new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                String origin = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
                ObjectNode config = mapper.createObjectNode();
                config.put("issuer", origin)
                        .put("authorization_endpoint", origin + PREFIX + "/authorize")
                        .put("token_endpoint", origin + PREFIX + "/token")
                        .put("jwks_uri", origin + PREFIX + "/jwks");
                config.putArray("grant_types_supported").add("authorization_code");
                config.putArray("code_challenge_methods_supported").add("S256");
                config.putArray("token_endpoint_auth_methods_supported").add("none");
                config.putArray("capabilities").add("launch-ehr").add("client-public").add("context-ehr-patient")
                        .add("sso-openid-connect").add("permission-v2");
                var scopes = config.putArray("scopes_supported");
                scopes(properties).forEach(scopes::add);
                response.setStatus(200);
                response.setContentType("application/json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getWriter().write(mapper.writeValueAsString(config));
            }
        };
        var registration = new ServletRegistrationBean<>(servlet, "/fhir/.well-known/smart-configuration");
        registration.setName("sandboxSmartConfiguration");
        return registration;
    }

    @Bean
    @Order(0)
    SecurityFilterChain demoAuthorizationServerSecurity(HttpSecurity http, InocdsProperties properties) throws Exception {
        var server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.setSharedObject(JWKSource.class, keys);
        var tokenResponse = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        tokenResponse.setAccessTokenResponseCustomizer(this::launchContext);
        var generator = new JwtGenerator(new NimbusJwtEncoder(keys));
        generator.setJwtCustomizer(this::claims);
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, s -> s
                        .registeredClientRepository(clients(properties))
                        .authorizationService(authorizations)
                        .authorizationServerSettings(AuthorizationServerSettings.builder()
                                .authorizationEndpoint(PREFIX + "/authorize").tokenEndpoint(PREFIX + "/token").jwkSetEndpoint(PREFIX + "/jwks")
                                .pushedAuthorizationRequestEndpoint(PREFIX + "/par").tokenRevocationEndpoint(PREFIX + "/revoke")
                                .tokenIntrospectionEndpoint(PREFIX + "/introspect").deviceAuthorizationEndpoint(PREFIX + "/device_authorization")
                                .deviceVerificationEndpoint(PREFIX + "/device_verification").oidcClientRegistrationEndpoint(PREFIX + "/connect/register")
                                .oidcUserInfoEndpoint(PREFIX + "/userinfo").oidcLogoutEndpoint(PREFIX + "/connect/logout").build())
                        .tokenGenerator(new DelegatingOAuth2TokenGenerator(generator))
                        .authorizationEndpoint(e -> e.authenticationProviders(providers -> providers.forEach(p -> {
                            if (p instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
                                codeRequests.setAuthenticationValidator(new OAuth2AuthorizationCodeRequestAuthenticationValidator()
                                        .andThen(this::audIsTheSandbox));
                            }
                        })))
                        .tokenEndpoint(t -> t.accessTokenResponseHandler(tokenResponse)))
                .sessionManagement(m -> m.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .addFilterAfter(new SignedInPhysician(), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        return http.build();
    }

    /** The demo EHR's user is signed in to it already: each authorization request is theirs (no login form in the demo). */
    private static final class SignedInPhysician extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getRequestURI().equals(request.getContextPath() + PREFIX + "/authorize")) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(PHYSICIAN, null,
                        AuthorityUtils.createAuthorityList("ROLE_PHYSICIAN")));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * SMART: "servers SHALL support the aud parameter": this one grants access to the sandbox's {@code /fhir} only, on the
     * origin the demo EHR itself is reached at; and it answers EHR launches only (a {@code launch} it issued).
     */
    private void audIsTheSandbox(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        Object aud = request.getAdditionalParameters().get("aud");
        String sandbox = ServletUriComponentsBuilder.fromCurrentContextPath().path("/fhir").toUriString();
        if (aud == null || !(aud.toString().equals(sandbox) || aud.toString().equals(sandbox + "/"))) {
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                    new OAuth2Error("invalid_request", "aud is not this sandbox's FHIR base", null), request);
        }
        Object launch = request.getAdditionalParameters().get("launch");
        if (launch == null || !launches.claim(launch.toString())) {
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                    new OAuth2Error("invalid_request", "the demo EHR answers its own EHR launches only, each once", null), request);
        }
    }

    /** The scopes the app asks (inocds.smart.scope), which the demo client may be granted. */
    private static Set<String> scopes(InocdsProperties properties) {
        Set<String> scopes = new LinkedHashSet<>(List.of(properties.smart().scope().trim().split(" +")));
        scopes.add("launch/patient");
        return scopes;
    }

    /** One public client; its redirect URI is the app's callback on the origin it is reached at (and the public base URL). */
    private static RegisteredClientRepository clients(InocdsProperties properties) {
        return new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient client) {
                // the one client is built at each look-up
            }

            @Override
            public RegisteredClient findById(String id) {
                return findByClientId(id);
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                if (!CLIENT_ID.equals(clientId)) {
                    return null;
                }
                Set<String> redirects = new LinkedHashSet<>();
                redirects.add(ServletUriComponentsBuilder.fromCurrentContextPath().path("/smart/callback").toUriString());
                String base = properties.publicBaseUrl();
                if (base != null && !base.isBlank()) {
                    redirects.add((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/smart/callback");
                }
                return RegisteredClient.withId(CLIENT_ID).clientId(CLIENT_ID)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                        .redirectUris(r -> r.addAll(redirects))
                        .scopes(s -> s.addAll(scopes(properties)))
                        .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                        .build();
            }
        };
    }

    private Map<String, Object> launchOf(OAuth2Authorization authorization) {
        Map<String, Object> out = new HashMap<>();
        OAuth2AuthorizationRequest asked = authorization == null ? null : authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        Object launch = asked == null ? null : asked.getAdditionalParameters().get("launch");
        launches.find(launch == null ? null : launch.toString()).ifPresent(l -> {
            out.put("patient", l.patient());
            if (l.appContext() != null) {
                out.put("appContext", l.appContext());
            }
        });
        return out;
    }

    /** The access token names the launch's patient (the sandbox reads that patient only with it); the id_token, the user. */
    private void claims(JwtEncodingContext context) {
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            Object patient = launchOf(context.getAuthorization()).get("patient");
            if (patient != null) {
                context.getClaims().claim("patient", patient);
            }
        } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            context.getClaims().claim("fhirUser", PHYSICIAN).claim("name", PHYSICIAN_NAME);
        }
    }

    /** The token response with the SMART launch context: the launch's {@code patient} and the card's {@code appContext}. */
    private void launchContext(OAuth2AccessTokenAuthenticationContext context) {
        OAuth2AccessTokenAuthenticationToken granted = context.getAuthentication();
        var authorization = authorizations.findByToken(granted.getAccessToken().getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
        Map<String, Object> extra = new HashMap<>(granted.getAdditionalParameters());
        extra.putAll(launchOf(authorization));
        context.getAccessTokenResponse().additionalParameters(extra);
    }

    /** The demo EHR's signing key, made once, off the start's path (an RSA key pair takes a moment). */
    static final class Keys implements JWKSource<SecurityContext> {
        static final String KEY_ID_PREFIX = "demo-ehr-";
        private volatile JWKSet set;

        JWKSet set() {
            JWKSet s = set;
            if (s == null) {
                synchronized (this) {
                    if (set == null) {
                        try {
                            RSAKey key = new RSAKeyGenerator(2048).keyID(KEY_ID_PREFIX + Long.toHexString(System.nanoTime())).generate();
                            set = new JWKSet(key);
                        } catch (JOSEException e) {
                            throw new IllegalStateException("the demo EHR's key could not be made", e);
                        }
                    }
                    s = set;
                }
            }
            return s;
        }

        /** Whether a token names this EHR's key (without making the key for a token that cannot be ours). */
        boolean names(String keyId) {
            return keyId != null && keyId.startsWith(KEY_ID_PREFIX);
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) {
            return selector.select(set());
        }
    }
}
