package org.inocds.sandbox;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.text.ParseException;
import java.util.Set;
import org.inocds.reader.FhirIds;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The sandbox's side of the demo launcher: a request to {@code /fhir} that carries an access token of the demo EHR
 * ({@link DemoAuthorizationServer}, known by its key id) is read only if that token is valid (its signature by the demo
 * EHR's key, not expired) and only for the launch's patient: {@code Patient/{id}} of that patient, a search whose
 * {@code patient} or {@code subject} is that patient, a {@code Medication} (shared by all) or a further page of a
 * search. Otherwise 401 (a bad token) or 403 (another patient). A request without such a token is the demo's open
 * sandbox as before (the demo page's calls, the public CDS Hooks sandbox); the site's own FHIR server, not this, is
 * what guards patient data.
 */
public final class SandboxTokens extends OncePerRequestFilter {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final DemoAuthorizationServer.Keys keys;

    SandboxTokens(DemoAuthorizationServer.Keys keys) {
        this.keys = keys;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, Set.of("exp", "patient")));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String token = authorization.substring(7).trim();
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            chain.doFilter(request, response); // not a JWT: not the demo EHR's
            return;
        }
        if (!keys.names(jwt.getHeader().getKeyID())) {
            chain.doFilter(request, response);
            return;
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (Exception e) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            response.sendError(401);
            return;
        }
        Object patient = claims.getClaim("patient");
        if (!(patient instanceof String id) || !FhirIds.isId(id) || !forPatient(request, id)) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
            response.sendError(403);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether the request reads the launch's patient only. */
    static boolean forPatient(HttpServletRequest request, String patient) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!request.getMethod().equals("GET") || !path.startsWith("/fhir")) {
            return false;
        }
        String[] segments = path.substring("/fhir".length()).replaceAll("^/+|/+$", "").split("/");
        if (segments.length == 1 && segments[0].isEmpty()) {
            return request.getParameter("_getpages") != null; // a further page of a search already made
        }
        String type = segments[0];
        if (type.equals("Medication")) {
            return true;
        }
        if (type.equals("Patient")) {
            return segments.length == 2 && segments[1].equals(patient);
        }
        if (segments.length != 1) {
            return false;
        }
        // every patient or subject the search names is the launch's patient, and it names one
        boolean named = false;
        for (String name : new String[] {"patient", "subject"}) {
            String[] values = request.getParameterValues(name);
            for (String value : values == null ? new String[0] : values) {
                if (!(value.equals(patient) || value.equals("Patient/" + patient))) {
                    return false;
                }
                named = true;
            }
        }
        return named;
    }
}
