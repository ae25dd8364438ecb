package org.inocds.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.inocds.cards.CallLanguage;
import org.inocds.cards.CardMessages;
import org.inocds.prefetch.FetchedDataBusyException;
import org.inocds.prefetch.FhirAccess;
import org.inocds.prefetch.FhirDataUnavailableException;
import org.inocds.prefetch.FhirServerClient;
import org.inocds.prefetch.FhirServerPolicy;
import org.inocds.prefetch.PatientDataGatherer;
import org.inocds.prefetch.PrefetchTemplates;
import org.inocds.reader.FhirIds;
import org.inocds.reader.PatientData;
import org.inocds.reader.PatientName;
import org.inocds.reader.PatientRecordReader;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.record.RecordPart;
import org.inocds.security.LogSafe;
import org.inocds.settings.InocdsProperties;
import org.inocds.timeline.TimelineView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The regimen timeline as a SMART on FHIR app (SMART App Launch 2.x; docs/design.md "SMART app"), server-side:
 * <ol>
 * <li>{@code GET /smart/launch?iss=…&launch=…} (EHR launch) or {@code ?iss=…} (standalone): the {@code iss} must be an
 * EHR the site registered ({@code inocds.smart.clients}) and a FHIR server the fetch policy allows; its
 * {@code .well-known/smart-configuration} is read through the guarded fetch; the browser is sent to its authorization
 * endpoint with {@code launch}, {@code aud} = {@code iss}, a 256-bit {@code state} and a PKCE S256 challenge (Nimbus
 * OAuth2 SDK).</li>
 * <li>{@code GET /smart/callback?code=…&state=…}: the {@code state} must be one this session started; the code is
 * exchanged with its verifier; the token response's {@code patient} (and the card's {@code appContext}) are kept with
 * the token in the server-side session, whose id then changes; the browser goes on to the page.</li>
 * <li>{@code GET /smart/timeline}: the patient's record read from the EHR's FHIR server with the token, through the
 * same gatherer (allowlist, deadline, size limits), record reader and timeline as the cards.</li>
 * </ol>
 * No token is ever put in a URL, a page or a log line.
 */
@RestController
public class SmartAppController {

    private static final Logger log = LoggerFactory.getLogger(SmartAppController.class);

    private final InocdsProperties properties;
    private final FhirServerPolicy policy;
    private final FhirServerClient fetch;
    private final PatientDataGatherer gatherer;
    private final PrefetchTemplates templates;
    private final PatientRecordReader reader;
    private final TimelineView view;
    private final CallLanguage language;
    private final CardMessages messages;
    private final ObjectMapper mapper;
    private final ITemplateEngine pages;
    // token expiry and the launch timeout are wall-clock matters (Instant.now()), never the clinical clock of the site's day
    private final TokenEndpointClient tokens;

    public SmartAppController(InocdsProperties properties, FhirServerPolicy policy, FhirServerClient fetch, PatientDataGatherer gatherer,
            PrefetchTemplates templates, PatientRecordReader reader, TimelineView view, CallLanguage language, CardMessages messages,
            ObjectMapper mapper, ITemplateEngine pages) {
        this.properties = properties;
        this.policy = policy;
        this.fetch = fetch;
        this.gatherer = gatherer;
        this.templates = templates;
        this.reader = reader;
        this.view = view;
        this.language = language;
        this.messages = messages;
        this.mapper = mapper;
        this.pages = pages;
        this.tokens = new TokenEndpointClient(properties.fetch().connectTimeout(), properties.fetch().callDeadline());
    }

    /** A launch refused: the page says why in the user's words; the log says why in ours. */
    private static final class Refused extends Exception {
        final HttpStatus status;
        final String messageKey;

        Refused(HttpStatus status, String messageKey, String why) {
            super(why);
            this.status = status;
            this.messageKey = messageKey;
        }
    }

    @GetMapping(value = "/smart/launch", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> launch(@RequestParam(value = "iss", required = false) String iss,
            @RequestParam(value = "launch", required = false) String launch, @RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage, HttpServletRequest request) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        try {
            var client = registered(iss);
            URI fhirBase = fhirBase(client.issuer());
            ObjectNode configuration = discover(fhirBase);
            URI authorize = endpoint(configuration, "authorization_endpoint", false);
            URI token = endpoint(configuration, "token_endpoint", true);
            // "servers SHALL support the S256 code_challenge_method" and list it; one that does not is not a SMART 2 server
            if (!listed(configuration.path("code_challenge_methods_supported"), "S256")) {
                throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery", "the SMART configuration does not list PKCE S256");
            }
            boolean ehrLaunch = launch != null && !launch.isBlank();
            String scope = properties.smart().scope();
            if (!ehrLaunch) { // standalone: ask the authorization server to pick the patient
                scope = String.join(" ", List.of(scope.split(" +")).stream().map(s -> s.equals("launch") ? "launch/patient" : s).toList());
            }
            State state = new State(32); // 256 bits from a SecureRandom ("at least 122 bits of entropy")
            CodeVerifier verifier = new CodeVerifier();
            URI redirect = URI.create(baseUrl() + "/smart/callback");
            var authorization = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(client.clientId()))
                    .endpointURI(authorize).redirectionURI(redirect).scope(Scope.parse(scope)).state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .customParameter("aud", client.issuer());
            if (ehrLaunch) {
                authorization.customParameter("launch", launch);
            }
            pending(request.getSession(true)).add(state.getValue(), new PendingLaunches.Pending(fhirBase, token, client.clientId(),
                    client.clientSecret(), redirect, verifier, Instant.now()));
            return ResponseEntity.status(HttpStatus.FOUND).location(authorization.build().toURI()).build();
        } catch (Refused e) {
            log.warn("SMART launch refused: {}", LogSafe.of(e.getMessage(), 200));
            return page(e.status, locale, e.messageKey);
        }
    }

    @GetMapping(value = "/smart/callback", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> callback(@RequestParam(value = "state", required = false) String state,
            @RequestParam(value = "code", required = false) String code, @RequestParam(value = "error", required = false) String error,
            @RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage, HttpServletRequest request) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        try {
            HttpSession session = request.getSession(false);
            var pending = session == null ? Optional.<PendingLaunches.Pending>empty() : pending(session).take(state);
            if (pending.isEmpty()) {
                throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.state", "the state is not one this browser session started");
            }
            var launch = pending.get();
            if (Instant.now().isAfter(launch.started().plus(properties.smart().launchTimeout()))) {
                throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.state", "the launch took longer than inocds.smart.launch-timeout");
            }
            if (error != null || code == null || code.isBlank()) {
                throw new Refused(HttpStatus.FORBIDDEN, "smart.refused.token", "the authorization server answered error " + error);
            }
            var grant = new AuthorizationCodeGrant(new AuthorizationCode(code), launch.redirectUri(), launch.verifier());
            boolean confidential = launch.clientSecret() != null && !launch.clientSecret().isBlank();
            TokenRequest tokenRequest = confidential
                    ? new TokenRequest(launch.tokenEndpoint(), new ClientSecretBasic(new ClientID(launch.clientId()), new Secret(launch.clientSecret())), grant)
                    : new TokenRequest(launch.tokenEndpoint(), new ClientID(launch.clientId()), grant);
            TokenResponse response;
            try {
                response = tokens.send(tokenRequest);
            } catch (TokenEndpointClient.Unanswered | ParseException e) {
                throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.token", "token request: " + e.getMessage());
            }
            if (!response.indicatesSuccess()) {
                throw new Refused(HttpStatus.FORBIDDEN, "smart.refused.token", "the token endpoint refused: "
                        + response.toErrorResponse().getErrorObject().getCode());
            }
            AccessTokenResponse granted = response.toSuccessResponse();
            if (!(granted.getTokens().getAccessToken() instanceof BearerAccessToken bearer)) {
                throw new Refused(HttpStatus.FORBIDDEN, "smart.refused.token", "the access token is not a bearer token");
            }
            Map<String, Object> context = granted.getCustomParameters();
            Object patient = context.get("patient");
            if (!(patient instanceof String id) || !FhirIds.isId(id)) {
                throw new Refused(HttpStatus.FORBIDDEN, "smart.refused.no-patient", "the token response names no patient");
            }
            long lifetime = bearer.getLifetime(); // 0: the server did not say
            var appContext = appContext(context.get("appContext"));
            var smart = new SmartSession(launch.fhirBase(), bearer.getValue(), id,
                    lifetime > 0 ? Optional.of(Instant.now().plusSeconds(lifetime)) : Optional.empty(),
                    appContext.flatMap(c -> TimelineView.plannedDate(c.path("plannedDate").asText(null))),
                    appContext.flatMap(c -> mg(c.path("doseMg").asText(null))));
            request.changeSessionId(); // a new session id once it holds a token
            request.getSession().setAttribute(SmartSession.ATTRIBUTE, smart);
            log.info("SMART launch completed for {}", LogSafe.of(launch.fhirBase().toString()));
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(baseUrl() + "/smart/timeline")).build();
        } catch (Refused e) {
            log.warn("SMART launch refused: {}", LogSafe.of(e.getMessage(), 200));
            return page(e.status, locale, e.messageKey);
        }
    }

    @GetMapping(value = "/smart/timeline", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> timeline(@RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage, HttpServletRequest request) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SmartSession.ATTRIBUTE) instanceof SmartSession smart)) {
            return page(HttpStatus.UNAUTHORIZED, locale, "smart.no-session"); // nothing is read without a launch
        }
        if (smart.expired(Instant.now())) {
            session.removeAttribute(SmartSession.ATTRIBUTE);
            return page(HttpStatus.UNAUTHORIZED, locale, "smart.expired");
        }
        var decision = policy.check(smart.fhirBase(), Optional.empty());
        if (!decision.allowed()) {
            log.warn("SMART timeline refused: {}", LogSafe.of(decision.reason(), 200));
            return page(HttpStatus.FORBIDDEN, locale, "smart.refused.unknown-ehr");
        }
        PatientData data;
        try {
            data = gatherer.gather(smart.patient(), templates.all(), Map.of(),
                    Optional.of(new FhirAccess(smart.fhirBase(), Optional.of(smart.accessToken()))), "the launch named no FHIR server");
        } catch (FhirDataUnavailableException e) {
            log.warn("SMART timeline: {}", LogSafe.of(e.getMessage(), 200));
            return page(HttpStatus.BAD_GATEWAY, locale, "smart.fhir-refused");
        } catch (FetchedDataBusyException e) {
            return page(HttpStatus.SERVICE_UNAVAILABLE, locale, "smart.busy");
        }
        PrefetchOutcome patient = data.outcomes().get(RecordPart.PATIENT.key());
        if (patient == null || patient.status() == PrefetchOutcome.Status.FAILED || patient.status() == PrefetchOutcome.Status.NONE_FOUND) {
            // the EHR refused the token (expired, revoked) or has no such patient: no chart drawn from the rest
            log.warn("SMART timeline: the patient was not read: {}", LogSafe.of(patient == null ? "-" : patient.problem().orElse("none found"), 200));
            if (patient != null && patient.problem().orElse("").contains("HTTP 401")) {
                session.removeAttribute(SmartSession.ATTRIBUTE);
                return page(HttpStatus.UNAUTHORIZED, locale, "smart.expired");
            }
            return page(HttpStatus.BAD_GATEWAY, locale, "smart.fhir-refused");
        }
        List<String> notices = new ArrayList<>();
        // the order being composed (the card's appContext) is drawn and named by the view, once
        List<String> unread = data.outcomes().values().stream()
                .filter(o -> o.status() == PrefetchOutcome.Status.FAILED || o.status() == PrefetchOutcome.Status.TRUNCATED)
                .map(PrefetchOutcome::key).toList();
        if (!unread.isEmpty()) {
            notices.add(messages.text(locale, "smart.part-unread", Map.of("parts", String.join(", ", unread))));
        }
        String html = view.page(smart.patient(), PatientName.of(data), reader.read(data),
                smart.plannedDate().map(date -> new TimelineView.Draft(date, smart.plannedMg())), notices, locale);
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }

    private InocdsProperties.SmartClient registered(String iss) throws Refused {
        if (iss == null || iss.isBlank()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", "no iss");
        }
        String wanted = trimSlash(iss);
        return properties.smart().clients().stream().filter(c -> c.issuer() != null && trimSlash(c.issuer()).equals(wanted)).findFirst()
                .orElseThrow(() -> new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr",
                        "iss " + LogSafe.of(iss) + " is not in inocds.smart.clients"));
    }

    private URI fhirBase(String issuer) throws Refused {
        URI base;
        try {
            base = new URI(trimSlash(issuer));
        } catch (URISyntaxException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", "iss is not a URL");
        }
        allowed(base, "iss");
        return base;
    }

    /** Every server the app itself talks to passes the FHIR server policy (allowlist, https in prod, no private address). */
    private void allowed(URI uri, String what) throws Refused {
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery", what + " is not an http(s) URL");
        }
        var decision = policy.check(uri, Optional.empty());
        if (!decision.allowed()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", what + ": " + decision.reason());
        }
    }

    /** {@code {iss}/.well-known/smart-configuration}, read through the guarded fetch (no token: it is public). */
    private ObjectNode discover(URI fhirBase) throws Refused {
        FhirServerClient.Result result;
        try {
            result = fetch.fetch("smart-configuration", ".well-known/smart-configuration", new FhirAccess(fhirBase, Optional.empty()))
                    .get(properties.fetch().callDeadline().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery", "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery", "the SMART configuration was not read in time");
        }
        var outcome = result.outcome();
        if (outcome.resources().size() != 1 || outcome.status() != PrefetchOutcome.Status.FETCHED) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery",
                    "the SMART configuration was not read: " + outcome.problem().orElse(outcome.status().name()));
        }
        return outcome.resources().get(0);
    }

    private URI endpoint(ObjectNode configuration, String field, boolean weCallIt) throws Refused {
        String value = configuration.path(field).asText("");
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery", field + " is not a URL");
        }
        if (!uri.isAbsolute() || uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || (properties.security().fhirServers().requireHttps() && !uri.getScheme().equals("https"))) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery", field + " is not an allowed http(s) URL");
        }
        if (weCallIt) {
            allowed(uri, field); // the code and the verifier go there
        }
        return uri;
    }

    private static boolean listed(JsonNode array, String value) {
        if (!array.isArray()) {
            return false;
        }
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The card's {@code appContext} as the EHR hands it back in the token response: the JSON text the card carried
     * ({@code {"plannedDate":"2026-01-10","doseMg":"1.6"}}) or that object itself; anything else is ignored.
     */
    private Optional<JsonNode> appContext(Object value) {
        try {
            if (value instanceof String text && text.length() <= 1000) {
                JsonNode node = mapper.readTree(text);
                return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
            }
            if (value instanceof Map<?, ?> map) {
                JsonNode node = mapper.valueToTree(map);
                return node.isObject() ? Optional.of(node) : Optional.empty();
            }
        } catch (Exception e) {
            // an appContext that is not our JSON: the page shows no order
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> mg(String text) {
        return Optional.ofNullable(text).filter(t -> t.matches("\\d{1,3}(\\.\\d{1,4})?")).map(BigDecimal::new);
    }

    private static PendingLaunches pending(HttpSession session) {
        synchronized (session) {
            if (session.getAttribute(PendingLaunches.ATTRIBUTE) instanceof PendingLaunches existing) {
                return existing;
            }
            var created = new PendingLaunches();
            session.setAttribute(PendingLaunches.ATTRIBUTE, created);
            return created;
        }
    }

    private String baseUrl() {
        String configured = properties.publicBaseUrl();
        if (configured != null && !configured.isBlank()) {
            return trimSlash(configured);
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private ResponseEntity<String> page(HttpStatus status, Locale locale, String key) {
        // template smart-refused.html: the reason's words from the bundle, escaped by the engine
        String html = pages.process("smart-refused", new Context(locale, Map.of("lang", locale.getLanguage(), "reason", key)));
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }
}
