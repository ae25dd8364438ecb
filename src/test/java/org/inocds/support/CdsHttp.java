package org.inocds.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A CDS client over a real port, as an EHR would be. Every 200 answer of a CDS endpoint is checked
 * against the project's CDS Hooks 2.0 schema before a test sees it.
 */
public final class CdsHttp {

    /** One HTTP answer: status, headers, raw body, and the body as JSON when it is JSON. */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body, JsonNode json) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public CdsHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    public String base() {
        return base;
    }

    public String fhirBase() {
        return base + "/fhir";
    }

    public Answer discovery() {
        Answer a = send(HttpRequest.newBuilder(URI.create(base + "/cds-services")).GET().build());
        if (a.status() == 200) {
            CdsSchemas.assertValid(CdsSchemas.DISCOVERY, a.json());
        }
        return a;
    }

    public Answer call(String serviceId, JsonNode request) {
        return call(serviceId, request, "en");
    }

    public Answer call(String serviceId, JsonNode request, String acceptLanguage) {
        return post("/cds-services/" + serviceId, request.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Accept-Language", acceptLanguage));
    }

    /** A raw POST, for the error paths; a 200 answer is still schema-checked. */
    public Answer post(String path, byte[] body, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        Answer a = send(builder.build());
        if (a.status() == 200 && path.startsWith("/cds-services/") && !path.endsWith("/feedback")) {
            CdsSchemas.assertValid(CdsSchemas.RESPONSE, a.json());
        }
        return a;
    }

    public Answer get(String pathOrUrl, Map<String, String> headers) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        var builder = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(builder::header);
        return send(builder.build());
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !r.body().isEmpty()) {
                json = MAPPER.readTree(r.body());
            }
            return new Answer(r.statusCode(), r.headers(), r.body(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
