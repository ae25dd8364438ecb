package org.inocds.observability;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * With Actuator on a port of its own ({@code management.server.port}, the prod profile's 8081;
 * docs/running-in-production.md), that port is for the kubelet's probes and the metrics scraper, which carry no CDS client token: it is
 * reached only from inside the cluster (deploy/kubernetes/networkpolicy.yaml) or the address a site binds it to
 * ({@code management.server.address}). The management context has no security chain of its own — Spring Boot hands
 * its requests to this application's — so this chain, ahead of the CDS one, lets {@code /actuator/**} through
 * without a token. On the service port nothing is mapped under {@code /actuator}: the same chain lets such a call
 * through to its 404, rather than answer 401 as if something were there.
 *
 * <p>On a shared port (the demo, or a site that sets none) this chain does not exist and {@code /actuator/prometheus}
 * needs the admin right, as before.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
public class ManagementPortSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain actuatorWithoutToken(HttpSecurity http) throws Exception {
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .build();
    }
}
