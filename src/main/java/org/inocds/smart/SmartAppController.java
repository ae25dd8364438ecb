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
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
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
import org.inocds.prefetch.CheckedAddresses;
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
import org.springframework.beans.factory.ObjectProvider;
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
    /**
     * The demo's own EHR (sandbox/DemoAuthorizationServer), present only while the demo runs: the embedded sandbox, as the
     * policy recognises it, is then a registered EHR with this client id, whatever origin it is reached at.
     */
    private final Optional<InocdsProperties.SmartClient> demoClient;

    public SmartAppController(InocdsProperties properties, FhirServerPolicy policy, FhirServerClient fetch, PatientDataGatherer gatherer,
            PrefetchTemplates templates, PatientRecordReader reader, TimelineView view, CallLanguage language, CardMessages messages,
            ObjectMapper mapper, ITemplateEngine pages, CheckedAddresses checkedAddresses,
            ObjectProvider<InocdsProperties.SmartClient> demoClient) {
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
        this.demoClient = Optional.ofNullable(demoClient.getIfUnique());
        // the token request connects to the addresses the policy checked, as the cards' fetch does
        this.tokens = new TokenEndpointClient(properties.fetch().connectTimeout(), properties.fetch().callDeadline(), checkedAddresses);
    }

    @PreDestroy
    void close() throws IOException {
        tokens.close();
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
            Ehr ehr = ehr(iss);
            var client = ehr.client();
            URI fhirBase = ehr.fhirBase();
            ObjectNode configuration = discover(fhirBase);
            URI authorize = endpoint(configuration, "authorization_endpoint", null);
            URI token = endpoint(configuration, "token_endpoint", ehr);
            // "servers SHALL support the S256 code_challenge_method" and list it; one that does not is not a SMART 2 server
            if (!listed(configuration.path("code_challenge_methods_supported"), "S256")) {
                throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.discovery", "the SMART configuration does not list PKCE S256");
            }
            // where an id_token may come from: the issuer and its keys, as the configuration names them (SMART: sso-openid-connect)
            String issuer = configuration.path("issuer").asText("");
            URI jwks = configuration.hasNonNull("jwks_uri") ? endpoint(configuration, "jwks_uri", ehr) : null;
            boolean ehrLaunch = launch != null && !launch.isBlank();
            String scope = properties.smart().scope();
            if (!ehrLaunch) { // standalone: ask the authorization server to pick the patient
                scope = String.join(" ", List.of(scope.split(" +")).stream().map(s -> s.equals("launch") ? "launch/patient" : s).toList());
            }
            State state = new State(32); // 256 bits from a SecureRandom ("at least 122 bits of entropy")
            CodeVerifier verifier = new CodeVerifier();
            Nonce nonce = new Nonce(32); // the id_token must carry it back
            URI redirect = URI.create(baseUrl() + "/smart/callback");
            var authorization = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID(client.clientId()))
                    .endpointURI(authorize).redirectionURI(redirect).scope(Scope.parse(scope)).state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .customParameter("aud", client.issuer())
                    .customParameter("nonce", nonce.getValue());
            if (ehrLaunch) {
                authorization.customParameter("launch", launch);
            }
            pending(request.getSession(true)).add(state.getValue(), new PendingLaunches.Pending(fhirBase, token, client.clientId(),
                    client.clientSecret(), redirect, verifier, Instant.now(), ehr.demo(), issuer, jwks, nonce));
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
            // checked again now (the launch's check may be minutes old): the request connects to the addresses this check resolved
            recheck(launch, launch.tokenEndpoint(), "token_endpoint");
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
            Optional<String> viewer = viewer(context.get("id_token"), launch);
            Object patient = context.get("patient");
            if (!(patient instanceof String id) || !FhirIds.isId(id)) {
                throw new Refused(HttpStatus.FORBIDDEN, "smart.refused.no-patient", "the token response names no patient");
            }
            long lifetime = bearer.getLifetime(); // 0: the server did not say
            var appContext = appContext(context.get("appContext"));
            var smart = new SmartSession(launch.fhirBase(), bearer.getValue(), id,
                    lifetime > 0 ? Optional.of(Instant.now().plusSeconds(lifetime)) : Optional.empty(),
                    appContext.flatMap(c -> TimelineView.plannedDate(c.path("plannedDate").asText(null))),
                    appContext.flatMap(c -> mg(c.path("doseMg").asText(null))), viewer);
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
        var decision = policy.checkForSmartApp(smart.fhirBase());
        if (!decision.allowed()) {
            log.warn("SMART timeline refused: {}", LogSafe.of(decision.reason(), 200));
            return page(HttpStatus.FORBIDDEN, locale, "smart.refused.unknown-ehr");
        }
        PatientData data;
        try {
            data = gatherer.gather(smart.patient(), templates.all(), Map.of(),
                    Optional.of(new FhirAccess(smart.fhirBase(), Optional.of(smart.accessToken()), decision.thisService())), "the launch named no FHIR server");
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
        smart.viewer().ifPresent(who -> notices.add(messages.text(locale, "smart.viewer", Map.of("who", who))));
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

    /** The EHR a launch names: a registered client, its FHIR base as the policy allows it, and whether it is the demo's own. */
    private record Ehr(InocdsProperties.SmartClient client, URI fhirBase, boolean demo) {}

    private Ehr ehr(String iss) throws Refused {
        if (iss == null || iss.isBlank()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", "no iss");
        }
        String wanted = trimSlash(iss);
        var configured = properties.smart().clients().stream().filter(c -> c.issuer() != null && trimSlash(c.issuer()).equals(wanted)).findFirst();
        if (configured.isEmpty() && demoClient.isEmpty()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", "iss " + LogSafe.of(iss) + " is not in inocds.smart.clients");
        }
        URI base;
        try {
            base = new URI(wanted);
        } catch (URISyntaxException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", "iss is not a URL");
        }
        var decision = allowed(base, "iss");
        if (configured.isPresent()) {
            return new Ehr(configured.get(), base, false);
        }
        if (!decision.thisService()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", "iss " + LogSafe.of(iss) + " is not in inocds.smart.clients");
        }
        // the demo: this service's own sandbox, with the demo authorization server beside it
        return new Ehr(new InocdsProperties.SmartClient(wanted, demoClient.get().clientId(), null), base, true);
    }

    /**
     * Just before the app sends something to an endpoint the launch checked: checked again, so that the connection goes
     * to the addresses this check resolved. The demo's endpoints are on the sandbox's own origin, checked as the sandbox.
     */
    private void recheck(PendingLaunches.Pending launch, URI endpoint, String what) throws Refused {
        if (launch.demo() && sameOrigin(endpoint, launch.fhirBase())) {
            if (!allowed(launch.fhirBase(), "iss").thisService()) {
                throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", "the demo sandbox is no longer this service's");
            }
            return;
        }
        allowed(endpoint, what);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Every server the app itself talks to passes the FHIR server policy (allowlist, https in prod, no private address). */
    private FhirServerPolicy.Decision allowed(URI uri, String what) throws Refused {
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            // an iss naming no plain web address (javascript:, file:, a user@host) is the launch's mistake (400); an
            // endpoint so named by the EHR's SMART configuration is the EHR's (502)
            boolean launchMistake = what.equals("iss");
            throw new Refused(launchMistake ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY,
                    launchMistake ? "smart.refused.unknown-ehr" : "smart.refused.discovery", what + " is not a plain http(s) URL");
        }
        var decision = policy.checkForSmartApp(uri);
        if (!decision.allowed()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "smart.refused.unknown-ehr", what + ": " + decision.reason());
        }
        return decision;
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

    /** @param calledBy the EHR whose endpoint the app itself calls (the code and the verifier go there), null for the browser's */
    private URI endpoint(ObjectNode configuration, String field, Ehr calledBy) throws Refused {
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
        if (calledBy != null && !(calledBy.demo() && sameOrigin(uri, calledBy.fhirBase()))) {
            allowed(uri, field); // the demo's own endpoints are on the sandbox's origin, checked as the sandbox
        }
        return uri;
    }

    /**
     * The user the launch was for, from the token response's {@code id_token} (OpenID Connect; SMART's {@code fhirUser}),
     * verified with the Nimbus SDK before anything of it is used: signed (RS256, as SMART requires) by a key of the
     * issuer's JWKS — read through the guarded fetch, its address checked again —, {@code iss} the issuer the SMART
     * configuration named, {@code aud} this app's client id, not expired, and the launch's {@code nonce}. Any of these
     * wrong refuses the launch. No id_token: no viewer shown.
     *
     * @return the words for "viewing as": the user's name and {@code fhirUser} reference (chart text, never a token)
     */
    private Optional<String> viewer(Object idToken, PendingLaunches.Pending launch) throws Refused {
        if (idToken == null) {
            return Optional.empty();
        }
        if (!(idToken instanceof String text) || launch.issuer().isBlank() || launch.jwks() == null) {
            throw new Refused(HttpStatus.FORBIDDEN, "smart.refused.id-token", "an id_token the SMART configuration gives no issuer or jwks_uri to verify");
        }
        IDTokenClaimsSet claims;
        try {
            JWT jwt = JWTParser.parse(text);
            var validator = new IDTokenValidator(new Issuer(launch.issuer()), new ClientID(launch.clientId()), JWSAlgorithm.RS256, keys(launch));
            claims = validator.validate(jwt, launch.nonce());
        } catch (java.text.ParseException | JOSEException | BadJOSEException e) {
            throw new Refused(HttpStatus.FORBIDDEN, "smart.refused.id-token", "the id_token was refused: " + e.getMessage());
        }
        String fhirUser = claims.getStringClaim("fhirUser");
        String name = claims.getStringClaim("name");
        String who = name != null && !name.isBlank() ? name + (fhirUser != null ? " (" + reference(fhirUser) + ")" : "")
                : fhirUser != null ? reference(fhirUser) : null;
        return Optional.ofNullable(who).map(w -> w.replaceAll("\\p{Cntrl}", " ").strip()).filter(w -> !w.isEmpty())
                .map(w -> w.length() > 80 ? w.substring(0, 79) + "…" : w);
    }

    /** {@code https://ehr/fhir/Practitioner/123} → {@code Practitioner/123}: the reference as a person reads it. */
    private static String reference(String fhirUser) {
        String[] parts = fhirUser.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : fhirUser;
    }

    /** The issuer's JWKS, read through the guarded fetch (no redirect, deadline, size cap, the checked addresses). */
    private JWKSet keys(PendingLaunches.Pending launch) throws Refused {
        recheck(launch, launch.jwks(), "jwks_uri");
        String path = launch.jwks().getRawPath() == null ? "" : launch.jwks().getRawPath();
        int slash = path.lastIndexOf('/');
        if (slash < 0 || launch.jwks().getRawQuery() != null) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.id-token", "jwks_uri is not a path the fetch can read");
        }
        URI parent = URI.create(launch.jwks().getScheme() + "://" + launch.jwks().getRawAuthority() + path.substring(0, slash));
        FhirServerClient.Result result;
        try {
            result = fetch.fetch("jwks", path.substring(slash + 1), new FhirAccess(parent, Optional.empty()))
                    .get(properties.fetch().callDeadline().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.id-token", "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.id-token", "the JWKS was not read in time");
        }
        var outcome = result.outcome();
        if (outcome.resources().size() != 1 || outcome.status() != PrefetchOutcome.Status.FETCHED) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.id-token", "the JWKS was not read: " + outcome.problem().orElse(outcome.status().name()));
        }
        try {
            return JWKSet.parse(outcome.resources().get(0).toString());
        } catch (java.text.ParseException e) {
            throw new Refused(HttpStatus.BAD_GATEWAY, "smart.refused.id-token", "the JWKS is not a JWK set");
        }
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
