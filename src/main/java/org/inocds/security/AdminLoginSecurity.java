package org.inocds.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * People sign in to the admin pages with their browser (docs/design.md "Security"): {@code /admin/**} without a bearer
 * token goes through OpenID Connect login ({@code oauth2Login}) at the site's IdP ({@code inocds.security.admin-login});
 * the admin right comes from one value of a role or group claim. A request that carries {@code Authorization} is a
 * JSON client and keeps the bearer-token rules of {@link SecurityConfiguration}. On only when an issuer is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${inocds.security.admin-login.issuer-uri:}'.isBlank()")
public class AdminLoginSecurity {

    static final String REGISTRATION = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminLoginSecurity.class);

    /**
     * The IdP's registration, read from its discovery document at the first login (not at start: an IdP briefly down
     * must not stop the CDS service), then kept.
     */
    @Bean
    ClientRegistrationRepository adminClientRegistrations(InocdsProperties properties) {
        var settings = properties.security().adminLogin();
        AtomicReference<ClientRegistration> known = new AtomicReference<>();
        return id -> {
            if (!REGISTRATION.equals(id)) {
                return null;
            }
            if (known.get() == null) {
                try {
                    known.compareAndSet(null, ClientRegistrations.fromIssuerLocation(settings.issuerUri()).registrationId(REGISTRATION)
                            .clientId(settings.clientId()).clientSecret(settings.clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .scope("openid").redirectUri("{baseUrl}/login/oauth2/code/{registrationId}").build());
                } catch (RuntimeException e) {
                    log.warn("admin login: the IdP's configuration could not be read: {}", LogSafe.of(e.getMessage(), 200));
                    return null;
                }
            }
            return known.get();
        };
    }

    @Bean
    @Order(2)
    SecurityFilterChain adminLogin(HttpSecurity http, InocdsProperties properties, ClientRegistrationRepository registrations) throws Exception {
        var paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher browser = request -> request.getHeader("Authorization") == null;
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        var settings = properties.security().adminLogin();
        http.securityMatcher(new AndRequestMatcher(browser, new OrRequestMatcher(paths.matcher("/admin/**"),
                        paths.matcher("/oauth2/authorization/**"), paths.matcher("/login/oauth2/code/**"))))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(SecurityConfiguration.CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(a -> a.requestMatchers(paths.matcher("/admin/**")).hasAuthority(SecurityConfiguration.ADMIN)
                        .anyRequest().permitAll())
                .oauth2Login(o -> o.clientRegistrationRepository(registrations)
                        .failureHandler((request, response, e) -> {
                            log.warn("admin login failed: {}", LogSafe.of(e.getMessage(), 200));
                            response.setStatus(401);
                            response.setContentLength(0);
                        })
                        .authorizationEndpoint(e -> e.authorizationRequestResolver(resolver))
                        .userInfoEndpoint(u -> u.oidcUserService(adminRight(settings.roleClaim(), settings.adminRole()))))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION),
                                new MediaTypeRequestMatcher(MediaType.TEXT_HTML))
                        .defaultAuthenticationEntryPointFor((request, response, ex) -> {
                            response.setStatus(401);
                            response.setHeader("WWW-Authenticate", "Bearer");
                            response.setContentLength(0);
                        }, request -> true)
                        .accessDeniedHandler((request, response, ex) -> {
                            log.warn("admin page refused to a signed-in user without the admin role");
                            response.setStatus(403);
                            response.setContentLength(0);
                        }));
        return http.build();
    }

    /** The IdP's user, with the admin right when {@code roleClaim} (a list or a space-separated text) holds {@code adminRole}. */
    static OAuth2UserService<OidcUserRequest, OidcUser> adminRight(String roleClaim, String adminRole) {
        var oidc = new OidcUserService();
        return request -> {
            OidcUser user = oidc.loadUser(request);
            Set<GrantedAuthority> authorities = new HashSet<>(user.getAuthorities());
            if (roles(user.getClaims().get(roleClaim)).contains(adminRole)) {
                authorities.add(new SimpleGrantedAuthority(SecurityConfiguration.ADMIN));
            }
            return user.getUserInfo() == null ? new DefaultOidcUser(authorities, user.getIdToken())
                    : new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo());
        };
    }

    private static Collection<String> roles(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String text) {
            return List.of(text.split(" +"));
        }
        return List.of();
    }
}
