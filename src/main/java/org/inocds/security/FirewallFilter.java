package org.inocds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's {@link StrictHttpFirewall}, run as the very first filter: before CORS and before the path
 * parsing that Spring's own filters do ahead of the security chain (which fails with a 500 on {@code /%66hir} or
 * {@code /fhir;x} when several servlets are mapped). A refused path never reaches anything else.
 */
final class FirewallFilter extends OncePerRequestFilter {

    private final StrictHttpFirewall firewall;
    private final RequestRejectedHandler rejected;

    FirewallFilter(StrictHttpFirewall firewall, RequestRejectedHandler rejected) {
        this.firewall = firewall;
        this.rejected = rejected;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException e) {
            rejected.handle(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
