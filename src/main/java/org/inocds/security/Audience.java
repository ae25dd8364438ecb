package org.inocds.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code aud} a CDS client puts in its JWT. CDS Hooks 2.0: the URL of the CDS Service endpoint being
 * invoked (the public CDS Hooks sandbox puts the exact URL it calls: discovery, service and feedback differ), known
 * to the service only through {@code inocds.public-base-url};
 * a site may also agree on one fixed audience ({@code inocds.security.jwt.audience}). Both are compared after
 * normalisation: scheme and host in lower case, default port dropped, path normalised, no trailing slash; an
 * {@code aud} with user info ({@code https://x@host/…}) matches nothing.
 */
final class Audience {

    private Audience() {}

    /**
     * @param calledUrl the endpoint called under {@code inocds.public-base-url}, or null when that is not set: never a
     *     URL built from the request's Host header, which the caller chooses (a token minted for another host would
     *     pass when sent with that Host)
     */
    static boolean matches(String aud, String calledUrl, String configured) {
        Optional<String> given = normalise(aud);
        if (given.isEmpty()) {
            return false;
        }
        return (calledUrl != null && given.equals(normalise(calledUrl))) || (configured != null && !configured.isBlank() && given.equals(normalise(configured)));
    }

    /**
     * An {@code aud} against an audience a site typed for one issuer: as URLs, after normalisation, when the typed value
     * is one; else the same string exactly (an EHR may let the site type any string).
     */
    static boolean same(String aud, String configured) {
        if (aud == null || configured == null || configured.isBlank()) {
            return false;
        }
        Optional<String> typed = normalise(configured);
        return typed.isPresent() ? typed.equals(normalise(aud)) : aud.equals(configured.trim());
    }

    static Optional<String> normalise(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI u = new URI(url.trim()).normalize();
            if (u.getScheme() == null || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null
                    || u.getRawUserInfo() != null) {
                return Optional.empty();
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            String path = u.getPath() == null ? "" : u.getPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return Optional.of(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
