package org.inocds.smart;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends a token request built by the Nimbus OAuth2 SDK and parses its answer with the same SDK; only the transport is
 * ours, so that it keeps the fetch's bounds (docs/design.md "SMART app"): the connection goes to the addresses the
 * FHIR server policy checked for the token endpoint's host ({@code prefetch/CheckedAddresses}, the DNS of the cards'
 * fetch: the host is never resolved again, so a name that answers elsewhere the second time gets nowhere), no redirect
 * followed (the code and the PKCE verifier go to the token endpoint the discovery named, nowhere else), one deadline,
 * and at most {@link #MAX_RESPONSE_BYTES} read of the answer. Nothing of the request or the answer is logged.
 */
final class TokenEndpointClient implements AutoCloseable {

    /** A token response is a few kilobytes (a JWT access token, an id_token, the launch context). */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** The token endpoint answered more than {@link #MAX_RESPONSE_BYTES}, or not in time, or not at all. */
    static final class Unanswered extends Exception {
        Unanswered(String message) {
            super(message);
        }
    }

    private final CloseableHttpClient http;
    private final Duration deadline;

    /** @param dns the addresses the policy checked, and no others */
    TokenEndpointClient(Duration connectTimeout, Duration deadline, DnsResolver dns) {
        this.deadline = deadline;
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(dns)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(deadline)).build())
                .setMaxConnTotal(20)
                .setMaxConnPerRoute(5)
                .build();
        this.http = HttpClients.custom().setConnectionManager(connections)
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(false).setResponseTimeout(Timeout.of(deadline)).build())
                .build();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    TokenResponse send(TokenRequest tokenRequest) throws Unanswered, ParseException {
        HTTPRequest request = tokenRequest.toHTTPRequest();
        var post = new HttpPost(request.getURI());
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = request.getHeaderMap();
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> post.addHeader(name, value));
            }
        });
        post.setHeader("Accept", "application/json");
        post.setEntity(new StringEntity(request.getQuery() == null ? "" : request.getQuery(), ContentType.APPLICATION_FORM_URLENCODED));
        // one deadline for connecting, sending and reading: the request is cut off when it passes
        var cutOff = CompletableFuture.runAsync(post::cancel, CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS));
        try {
            return http.execute(post, answer -> {
                byte[] body;
                try (InputStream in = answer.getEntity() == null ? InputStream.nullInputStream() : answer.getEntity().getContent()) {
                    body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                }
                if (body.length > MAX_RESPONSE_BYTES) {
                    throw new TooLarge();
                }
                HTTPResponse response = new HTTPResponse(answer.getCode());
                var type = answer.getFirstHeader("Content-Type");
                if (type != null) {
                    try {
                        response.setContentType(type.getValue());
                    } catch (ParseException e) {
                        // an unreadable type: the parse below says what is wrong with the answer
                    }
                }
                response.setContent(new String(body, StandardCharsets.UTF_8));
                try {
                    return TokenResponse.parse(response);
                } catch (ParseException e) {
                    throw new Unparsed(e);
                }
            });
        } catch (TooLarge e) {
            throw new Unanswered("the token endpoint answered more than " + MAX_RESPONSE_BYTES + " bytes");
        } catch (Unparsed e) {
            throw e.cause;
        } catch (IOException e) {
            throw new Unanswered("the token endpoint could not be reached or did not answer in time");
        } finally {
            cutOff.cancel(false);
        }
    }

    private static final class TooLarge extends IOException {
    }

    private static final class Unparsed extends IOException {
        final ParseException cause;

        Unparsed(ParseException cause) {
            this.cause = cause;
        }
    }
}
