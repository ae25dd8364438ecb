package org.inocds.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may call what (docs/design.md "Security"), on Spring Security. Its {@code StrictHttpFirewall} refuses encoded
 * and {@code ;} path tricks with 400 before any rule is matched, and the rules below match the normalised path,
 * so {@code /%63ds-services} or {@code /admin;x/…} can never slip past a rule written for {@code /cds-services}.
 * With JWT required, everything needs a verified CDS client token except the public pages ({@code /},
 * {@code /rules/**}) and CORS preflights; {@code /admin/**} needs the admin scope or an admin issuer;
 * {@code /fhir/**} and {@code /timeline/**} need a token unless the site opened its demo sandbox
 * ({@code inocds.sandbox.open}). A refusal is 401 with no body and {@code WWW-Authenticate: Bearer}; the reason
 * goes to the log. Security headers go on every answer.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    static final String CDS_CLIENT = "CDS_CLIENT";
    static final String ADMIN = "INOCDS_ADMIN";

    /** The HTML pages load their scripts and styles from this origin only; nothing may frame them. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * Spring Security's strict firewall, stricter still: no percent-encoding at all in the path. None of our paths
     * (service ids, FHIR ids, rule ids) needs one, and an encoded path ({@code /%63ds-services}) is how a rule
     * written for the decoded path gets bypassed elsewhere.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.getEncodedUrlBlocklist().add("%");
        return firewall;
    }

    /** A refused path is 400 with an OperationOutcome, answered here (no error dispatch that could echo the path). */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> {
            log.warn("request path refused: {}", LogSafe.of(e.getMessage()));
            response.setStatus(400);
            response.setContentType("application/fhir+json;charset=UTF-8");
            response.getWriter().write(REFUSED_PATH);
        };
    }

    /** The firewall ahead of every other filter (CORS included). */
    @Bean
    FilterRegistrationBean<FirewallFilter> firewallFilter(StrictHttpFirewall firewall, RequestRejectedHandler rejected) {
        var registration = new FilterRegistrationBean<>(new FirewallFilter(firewall, rejected));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * In Tomcat, ahead of every filter: one client's share of the worker threads, and no worker kept to swallow a
     * body nobody read ({@link ClientConnectionValve}).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> clientConnectionValve(InocdsProperties properties, ServerProperties server,
            SelfFetch self) {
        return factory -> factory.addEngineValves(new ClientConnectionValve(properties.limits().maxConcurrentPerClient(),
                server.getTomcat().getThreads().getMax(), self));
    }

    /** Right after the firewall: every body within its size and its time, whoever reads it. */
    @Bean
    FilterRegistrationBean<RequestBodyLimitsFilter> requestBodyLimitsFilter(InocdsProperties properties) {
        var limits = properties.limits();
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitsFilter(limits.maxBodySize().toBytes(), limits.bodyReadTimeout()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    private static final String REFUSED_PATH = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
            + "\"code\":\"invalid\",\"diagnostics\":\"request path refused: encoded, parameterised or non-normalised paths are not accepted\"}]}";

    @Bean
    JtiReplayStore jtiReplayStore(InocdsProperties properties, JdbcTemplate jdbc) {
        var jwt = properties.security().jwt();
        return jwt.replayStore() == InocdsProperties.ReplayStore.DATABASE ? new DatabaseJtiReplayStore(jdbc)
                : new JtiReplayCache(jwt.replayCacheSize());
    }

    /** One authentication manager per request, so that the token's {@code aud} is checked against the URL called. */
    @Bean
    AuthenticationManagerResolver<HttpServletRequest> cdsClientAuthentication(CdsClientVerifier verifier, InocdsProperties properties) {
        return request -> {
            String path = request.getRequestURI();
            var provider = new JwtAuthenticationProvider(new CdsJwtDecoder(verifier, calledUrl(request, properties.publicBaseUrl()), path));
            provider.setJwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(jwt,
                    Boolean.TRUE.equals(jwt.getClaim(CdsJwtDecoder.ADMIN_CLAIM))
                            ? List.of(new SimpleGrantedAuthority(CDS_CLIENT), new SimpleGrantedAuthority(ADMIN))
                            : List.of(new SimpleGrantedAuthority(CDS_CLIENT)),
                    jwt.getSubject()));
            return new ProviderManager(provider);
        };
    }

    /**
     * The SMART app ({@code /smart/**}, docs/design.md "SMART app"): a browser that carries no bearer token, whose
     * launch and token live in a server-side session (the only paths with one). GET only. Its pages may be framed by
     * the origins the site lists ({@code inocds.smart.frame-ancestors}; none by default), every other page by none.
     */
    @Bean
    @Order(1)
    SecurityFilterChain smartAppSecurity(HttpSecurity http, InocdsProperties properties) throws Exception {
        var paths = PathPatternRequestMatcher.withDefaults();
        List<String> ancestors = frameAncestors(properties.smart().frameAncestors());
        String policy = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'",
                "frame-ancestors " + (ancestors.isEmpty() ? "'none'" : String.join(" ", ancestors)));
        http.securityMatcher(paths.matcher("/smart/**"))
                .csrf(AbstractHttpConfigurer::disable) // GET only, and nothing a GET changes but this browser's own launch
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(h -> {
                    h.contentSecurityPolicy(c -> c.policyDirectives(policy))
                            // the callback's code must not travel in a Referer
                            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
                    if (!ancestors.isEmpty()) {
                        h.frameOptions(f -> f.disable()); // X-Frame-Options cannot name origins; the CSP above does
                    }
                })
                .authorizeHttpRequests(a -> a.requestMatchers(paths.matcher(HttpMethod.GET, "/smart/**")).permitAll().anyRequest().denyAll());
        return http.build();
    }

    /**
     * The framing origins, each a bare {@code https://host[:port]} (or http for a loopback test): anything else would let
     * a setting write into the Content-Security-Policy header, so it stops the start.
     */
    static List<String> frameAncestors(List<String> origins) {
        for (String origin : origins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException("inocds.smart.frame-ancestors: not an origin (scheme://host[:port]): " + LogSafe.of(origin));
            }
        }
        return List.copyOf(origins);
    }

    @Bean
    SecurityFilterChain cdsSecurity(HttpSecurity http, CdsClientVerifier verifier, InocdsProperties properties,
            AuthenticationManagerResolver<HttpServletRequest> authentication) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable) // no cookies, no sessions: a bearer token on every call
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        if (!verifier.required()) {
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        var paths = PathPatternRequestMatcher.withDefaults();
        boolean sandboxOpen = properties.sandbox().open();
        http.authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(paths.matcher(HttpMethod.OPTIONS, "/**")).permitAll()
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/"), paths.matcher(HttpMethod.GET, "/demo.js"),
                                paths.matcher(HttpMethod.GET, "/timeline.js"), paths.matcher(HttpMethod.GET, "/timeline.css"),
                                paths.matcher(HttpMethod.GET, "/feedback.css"),
                                paths.matcher(HttpMethod.GET, "/webjars/**"),
                                paths.matcher(HttpMethod.GET, "/rules/**")).permitAll()
                        // probes carry no token (Kubernetes, a load balancer); they say UP or DOWN and nothing else
                        .requestMatchers(paths.matcher(HttpMethod.GET, "/actuator/health"),
                                paths.matcher(HttpMethod.GET, "/actuator/health/**")).permitAll()
                        .requestMatchers(paths.matcher("/admin/**"), paths.matcher("/actuator/**")).hasAuthority(ADMIN)
                        // the sandbox is read (GET, and POST {Type}/_search as the public CDS Hooks sandbox does) by any
                        // client, or by anyone when open; written only with the admin right (issue 22, defect 5)
                        .requestMatchers(paths.matcher(HttpMethod.POST, "/fhir/*/_search")).access((auth, context) -> new AuthorizationDecision(
                                sandboxOpen || auth.get().getAuthorities().stream().anyMatch(g -> g.getAuthority().equals(CDS_CLIENT))))
                        .requestMatchers(paths.matcher(HttpMethod.POST, "/fhir/**"), paths.matcher(HttpMethod.PUT, "/fhir/**"),
                                paths.matcher(HttpMethod.DELETE, "/fhir/**"), paths.matcher(HttpMethod.PATCH, "/fhir/**"))
                        .hasAuthority(ADMIN)
                        .requestMatchers(paths.matcher("/fhir/**"), paths.matcher("/timeline/**"))
                        .access((auth, context) -> new AuthorizationDecision(
                                sandboxOpen || auth.get().getAuthorities().stream().anyMatch(g -> g.getAuthority().equals(CDS_CLIENT))))
                        .anyRequest().hasAuthority(CDS_CLIENT))
                .exceptionHandling(e -> e.authenticationEntryPoint(refused()).accessDeniedHandler(forbidden()))
                .oauth2ResourceServer(o -> o.authenticationManagerResolver(authentication)
                        .authenticationEntryPoint(refused()).accessDeniedHandler(forbidden()));
        return http.build();
    }

    /**
     * The URL this request called, as a client puts it in {@code aud}: the path under {@code inocds.public-base-url};
     * null when that is not set, so that only {@code inocds.security.jwt.audience} is accepted. Never the URL as the
     * request arrived: its host is the Host header, which the caller writes (issue 22, defect 7).
     */
    static String calledUrl(HttpServletRequest request, String publicBaseUrl) {
        if (publicBaseUrl == null || publicBaseUrl.isBlank()) {
            return null;
        }
        String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return base + request.getRequestURI().substring(request.getContextPath().length());
    }

    /** 401, no body (docs/design.md "Errors"); the header tells a client developer whether the token was there at all. */
    private static AuthenticationEntryPoint refused() {
        return (request, response, exception) -> {
            boolean invalid = exception instanceof OAuth2AuthenticationException;
            if (!invalid) {
                log.warn("JWT refused on {}: no bearer token", LogSafe.route(request.getRequestURI()));
            }
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", invalid ? "Bearer error=\"invalid_token\"" : "Bearer");
            response.setContentLength(0);
        };
    }

    private static AccessDeniedHandler forbidden() {
        return (request, response, exception) -> {
            log.warn("refused on {}: the token does not grant this path", LogSafe.route(request.getRequestURI()));
            response.setStatus(403);
            response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
            response.setContentLength(0);
        };
    }
}
