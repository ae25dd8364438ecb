package org.inocds.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a verified CDS client JWT on discovery, service and feedback calls and on the feedback summary,
 * when {@code inocds.security.jwt.required} is on. A refusal is HTTP 401 with no body (DESIGN.md "Errors");
 * CORS preflights pass, as browsers send them without credentials.
 */
public class JwtFilter extends OncePerRequestFilter {

    private final CdsClientVerifier verifier;

    public JwtFilter(CdsClientVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean guarded = path.equals("/cds-services") || path.startsWith("/cds-services/") || path.startsWith("/admin/");
        return !verifier.required() || !guarded || "OPTIONS".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            VerifiedClient client = verifier.verify(request.getHeader("Authorization"));
            request.setAttribute(VerifiedClient.ATTRIBUTE, client);
        } catch (CdsClientVerifier.Rejected e) {
            verifier.logRejection(request.getRequestURI(), e);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentLength(0);
            return;
        }
        chain.doFilter(request, response);
    }
}
