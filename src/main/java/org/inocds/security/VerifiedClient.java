package org.inocds.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The CDS client a verified JWT identifies: its issuer and subject. */
public record VerifiedClient(String issuer, String subject) {

    /** The client of this request, when JWT is required and its token was verified. */
    public static Optional<VerifiedClient> of(HttpServletRequest request) {
        if (request.getUserPrincipal() instanceof JwtAuthenticationToken token) {
            return Optional.of(new VerifiedClient(token.getToken().getClaimAsString("iss"), token.getToken().getSubject()));
        }
        return Optional.empty();
    }
}
