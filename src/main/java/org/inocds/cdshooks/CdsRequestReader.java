package org.inocds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.inocds.json.BoundedJson;
import org.inocds.reader.FhirIds;
import org.inocds.rules.Hook;
import org.inocds.security.RequestBodyLimitsFilter;
import org.inocds.settings.InocdsProperties;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads and validates a CDS Hooks 2.0 service call (docs/design.md "Request handling" 1): the body is read
 * once, within the size and nesting limits, into a Jackson tree; FHIR resources inside it are later bound
 * from that tree without a second parse.
 */
@Component
public class CdsRequestReader {

    private final BoundedJson json;
    private final long maxBodyBytes;
    private final int maxDraftOrders;
    private final Duration bodyReadTimeout;
    private final int maxPrefetchResources;

    public CdsRequestReader(InocdsProperties properties) {
        this.maxBodyBytes = properties.limits().maxBodySize().toBytes();
        this.maxDraftOrders = properties.limits().maxDraftOrders();
        this.bodyReadTimeout = properties.limits().bodyReadTimeout();
        this.maxPrefetchResources = properties.limits().maxPrefetchResources();
        this.json = new BoundedJson(properties.limits().maxJsonNesting(), properties.limits().maxJsonElements());
    }

    /**
     * Content type, size and JSON checks common to service and feedback calls; the body's bytes are taken from the
     * service's budget as they arrive ({@code charge}, closed by the caller once the call is answered).
     */
    public ObjectNode readJsonObject(HttpServletRequest request, RequestBodyBudget.Charge charge) {
        requireJson(request.getContentType());
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw new CdsHttpException.PayloadTooLarge(maxBodyBytes);
        }
        byte[] body = readBody(request, charge);
        if (body.length > maxBodyBytes) {
            throw new CdsHttpException.PayloadTooLarge(maxBodyBytes);
        }
        // what the body becomes is charged before it is built: its elements counted by streaming, a body of more than
        // max-json-elements refused (413) — a {}-dense prefetch of 4.6 MB became 1.5 million HAPI objects (issue 22)
        try {
            charge.takeAsRead(body.length, json.count(body, "request body"));
        } catch (BoundedJson.TooManyElements e) {
            throw new CdsHttpException.PayloadTooLarge(e.getMessage());
        }
        JsonNode root;
        try {
            root = json.read(body, "request body");
        } catch (BoundedJson.Refused e) {
            if (e.getMessage().contains("UTF-8")) {
                throw new CdsHttpException.UnsupportedMediaType(e.getMessage());
            }
            throw new CdsHttpException.BadRequest(e.getMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new CdsHttpException.BadRequest("request body must be a JSON object");
        }
        return object;
    }

    /**
     * The body, read within the size cap; the time it may take, however it is paced, is bounded for every request by
     * {@code security/RequestBodyLimitsFilter} (a body that drips a byte at a time would otherwise hold a worker).
     */
    private byte[] readBody(HttpServletRequest request, RequestBodyBudget.Charge charge) {
        int declared = request.getContentLength(); // -1 when not declared; a declared length is a hint, not trusted
        var out = new ByteArrayOutputStream(declared > 0 && declared <= maxBodyBytes ? declared : 16 * 1024);
        byte[] chunk = new byte[16 * 1024];
        try (InputStream in = request.getInputStream()) {
            for (int n; (n = in.read(chunk)) != -1; ) {
                charge.take(n);
                out.write(chunk, 0, n);
                if (out.size() > maxBodyBytes) {
                    throw new CdsHttpException.PayloadTooLarge(maxBodyBytes);
                }
            }
        } catch (RequestBodyLimitsFilter.TooSlow e) {
            throw new CdsHttpException.RequestTimeout(bodyReadTimeout.toSeconds());
        } catch (RequestBodyLimitsFilter.TooLarge e) {
            throw new CdsHttpException.PayloadTooLarge(maxBodyBytes);
        } catch (IOException e) {
            throw new CdsHttpException.BadRequest("request body could not be read");
        }
        return out.toByteArray();
    }

    /** Validates a service call for {@code hook}; see {@link #readJsonObject} for {@code charge}. */
    public CdsRequest read(HttpServletRequest request, Hook hook, RequestBodyBudget.Charge charge) {
        ObjectNode body = readJsonObject(request, charge);
        String hookName = requiredText(body, "hook", "hook");
        if (!hookName.equals(hook.code())) {
            throw new CdsHttpException.BadRequest(
                    "hook '" + CdsHttpException.sanitize(hookName) + "' does not match this service's hook '" + hook.code() + "'");
        }
        String hookInstance = requiredText(body, "hookInstance", "hookInstance");
        Optional<URI> fhirServer = optionalText(body, "fhirServer").map(CdsRequestReader::fhirServerUri);
        Optional<String> token = fhirAuthorization(body, fhirServer.isPresent());

        if (!(body.get("context") instanceof ObjectNode context)) {
            throw new CdsHttpException.BadRequest("context is required and must be an object");
        }
        String patientId = requiredText(context, "patientId", "context.patientId");
        if (!FhirIds.isId(patientId) || patientId.equals(".") || patientId.equals("..")) {
            throw new CdsHttpException.BadRequest("context.patientId is not a valid FHIR id");
        }
        Optional<ObjectNode> draftOrders = Optional.empty();
        List<String> selections = List.of();
        if (hook != Hook.PATIENT_VIEW) {
            if (!(context.get("draftOrders") instanceof ObjectNode orders)
                    || !"Bundle".equals(orders.path("resourceType").asText())) {
                throw new CdsHttpException.BadRequest("context.draftOrders is required and must be a FHIR Bundle");
            }
            if (orders.has("entry") && !orders.get("entry").isArray()) {
                throw new CdsHttpException.BadRequest("context.draftOrders.entry must be an array");
            }
            if (orders.path("entry").size() > maxDraftOrders) {
                throw new CdsHttpException.BadRequest("context.draftOrders holds more than " + maxDraftOrders + " orders");
            }
            draftOrders = Optional.of(orders);
        }
        if (hook == Hook.ORDER_SELECT) {
            selections = selections(context);
        }
        var prefetch = prefetch(body);
        long resources = prefetch.values().stream().mapToLong(v -> v.isObject() ? Math.max(1, v.path("entry").size()) : 0).sum();
        if (resources > maxPrefetchResources) {
            throw new CdsHttpException.BadRequest("prefetch holds more than " + maxPrefetchResources + " resources");
        }
        return new CdsRequest(hookName, hookInstance, fhirServer, token, patientId, draftOrders, selections, prefetch);
    }

    private static void requireJson(String contentType) {
        if (contentType == null) {
            throw new CdsHttpException.UnsupportedMediaType("Content-Type application/json is required");
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new CdsHttpException.UnsupportedMediaType("Content-Type is not a valid media type");
        }
        boolean json = MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
        if (!json || type.isWildcardType() || type.isWildcardSubtype()) {
            throw new CdsHttpException.UnsupportedMediaType("request body must be application/json");
        }
        var charset = type.getCharset();
        if (charset != null && !charset.name().equalsIgnoreCase("UTF-8")) {
            throw new CdsHttpException.UnsupportedMediaType("request body must be UTF-8");
        }
    }

    private static URI fhirServerUri(String value) {
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new CdsHttpException.BadRequest("fhirServer must be an absolute http(s) base URL");
            }
            if (looksLikeIpv4(uri.getHost()) && !CANONICAL_IPV4.matcher(uri.getHost()).matches()) {
                // 0177.0.0.1, 0x7f.1, 127.1, 2130706433: each client reads these differently (octal, hex, short
                // forms); only the dotted-decimal form is unambiguous.
                throw new CdsHttpException.BadRequest("fhirServer: an IPv4 address must be written as four decimal numbers (e.g. 192.0.2.10)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CdsHttpException.BadRequest("fhirServer is not a valid URL");
        }
    }

    /** FHIR's id syntax; "." and ".." match it but would turn {@code Patient/{id}} into another path. */
    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    /** A host whose last label is a number is an IPv4 address in URL parsers (WHATWG "ends in a number"). */
    private static boolean looksLikeIpv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return NUMERIC_LABEL.matcher(h.substring(h.lastIndexOf('.') + 1)).matches();
    }

    private static Optional<String> fhirAuthorization(ObjectNode body, boolean hasServer) {
        JsonNode auth = body.get("fhirAuthorization");
        if (auth == null || auth.isNull()) {
            return Optional.empty();
        }
        if (!auth.isObject()) {
            throw new CdsHttpException.BadRequest("fhirAuthorization must be an object");
        }
        if (!hasServer) {
            throw new CdsHttpException.BadRequest("fhirServer is required when fhirAuthorization is given");
        }
        String token = requiredText((ObjectNode) auth, "access_token", "fhirAuthorization.access_token");
        String type = requiredText((ObjectNode) auth, "token_type", "fhirAuthorization.token_type");
        if (!type.equalsIgnoreCase("Bearer")) {
            throw new CdsHttpException.BadRequest("fhirAuthorization.token_type must be Bearer");
        }
        return Optional.of(token);
    }

    private static List<String> selections(ObjectNode context) {
        JsonNode node = context.get("selections");
        if (node == null || !node.isArray()) {
            throw new CdsHttpException.BadRequest("context.selections is required on order-select and must be an array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : node) {
            if (!s.isTextual() || s.asText().isBlank()) {
                throw new CdsHttpException.BadRequest("context.selections must hold resource references");
            }
            out.add(s.asText());
        }
        return out;
    }

    private static Map<String, JsonNode> prefetch(ObjectNode body) {
        JsonNode node = body.get("prefetch");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new CdsHttpException.BadRequest("prefetch must be an object");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isNull() && !(v.isObject() && v.path("resourceType").isTextual())) {
                throw new CdsHttpException.BadRequest(
                        "prefetch." + CdsHttpException.sanitize(e.getKey()) + " must be a FHIR resource or null");
            }
            out.put(e.getKey(), v);
        });
        return out;
    }

    private static String requiredText(ObjectNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new CdsHttpException.BadRequest(path + " is required");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new CdsHttpException.BadRequest(path + " must be a non-empty string");
        }
        return v.asText();
    }

    private static Optional<String> optionalText(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new CdsHttpException.BadRequest(field + " must be a non-empty string");
        }
        return Optional.of(v.asText());
    }
}
