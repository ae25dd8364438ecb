package org.inocds.smart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser at the HTTP level: its own cookie jar, redirects seen one by one (so that a test can read and tamper with
 * each), a form posted as a browser posts it.
 */
final class HttpBrowser {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    HttpResponse<String> get(String url, String headerName, String headerValue) {
        return send(HttpRequest.newBuilder(URI.create(url)).header(headerName, headerValue).GET().build());
    }

    HttpResponse<String> post(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static String location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location in a " + response.statusCode() + " from " + response.uri()))).toString();
    }

    /** The query of a URL as a map (first value of each name), decoded. */
    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                out.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * At the authorization server: from its authorize URL through its login form as {@code user} to the redirect back
     * to the app; returns that redirect (not followed).
     */
    String signIn(String authorizeUrl, String user) {
        var answer = get(authorizeUrl);
        if (answer.statusCode() == 302 && location(answer).endsWith("/login")) {
            String login = location(answer);
            var form = get(login);
            Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
            if (!csrf.find()) {
                throw new AssertionError("no CSRF field on the login form: " + form.body());
            }
            var posted = post(login, Map.of("username", user, "password", TestEhr.PASSWORD, "_csrf", csrf.group(1)));
            answer = get(location(posted));
        }
        if (answer.statusCode() != 302) {
            throw new AssertionError("the authorization server answered " + answer.statusCode() + ": " + answer.body());
        }
        return location(answer);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
