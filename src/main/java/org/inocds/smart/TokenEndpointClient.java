package org.inocds.smart;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends a token request built by the Nimbus OAuth2 SDK and parses its answer with the same SDK; only the transport is
 * ours, so that it keeps the fetch's bounds (docs/design.md "SMART app"): no redirect followed (the code and the PKCE
 * verifier go to the token endpoint the discovery named, nowhere else), one deadline, and at most
 * {@link #MAX_RESPONSE_BYTES} read of the answer. Nothing of the request or the answer is logged.
 */
final class TokenEndpointClient {

    /** A token response is a few kilobytes (a JWT access token, an id_token, the launch context). */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** The token endpoint answered more than {@link #MAX_RESPONSE_BYTES}, or not in time, or not at all. */
    static final class Unanswered extends Exception {
        Unanswered(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    TokenEndpointClient(Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
        this.timeout = timeout;
    }

    TokenResponse send(TokenRequest tokenRequest) throws Unanswered, ParseException {
        HTTPRequest request = tokenRequest.toHTTPRequest();
        var builder = HttpRequest.newBuilder(request.getURI()).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(request.getQuery() == null ? "" : request.getQuery(), StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = request.getHeaderMap();
        headers.forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        builder.header("Accept", "application/json");
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unanswered("the token endpoint could not be reached or did not answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unanswered("interrupted");
        }
        byte[] body;
        try (InputStream in = answer.body()) {
            body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        } catch (IOException e) {
            throw new Unanswered("the token endpoint's answer could not be read");
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw new Unanswered("the token endpoint answered more than " + MAX_RESPONSE_BYTES + " bytes");
        }
        HTTPResponse response = new HTTPResponse(answer.statusCode());
        String type = answer.headers().firstValue("Content-Type").orElse(null);
        if (type != null) {
            response.setContentType(type);
        }
        response.setContent(new String(body, StandardCharsets.UTF_8));
        return TokenResponse.parse(response);
    }
}
