package org.inocds.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.inocds.regimen.BsaFormula;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the service, in one tree under {@code inocds.*}. Defaults are documented here and in
 * docs/settings.md; where the label is silent (windows, tolerances) the default is ours.
 *
 * @param defaultLanguage card language when Accept-Language names neither {@code ja} nor {@code en}
 * @param publicBaseUrl absolute base URL used in card links ({@code source.url}, timeline links); when
 *     empty it is taken from the incoming request
 * @param site where the service is used: its time zone
 * @param smart the regimen timeline as a SMART on FHIR app (docs/design.md "SMART app")
 */
@ConfigurationProperties("inocds")
public record InocdsProperties(
        @DefaultValue("en") String defaultLanguage,
        @DefaultValue("") String publicBaseUrl,
        @DefaultValue Site site,
        @DefaultValue Limits limits,
        @DefaultValue Fetch fetch,
        @DefaultValue Dosing dosing,
        @DefaultValue Knowledge knowledge,
        @DefaultValue Sandbox sandbox,
        @DefaultValue Cors cors,
        @DefaultValue Audit audit,
        @DefaultValue Feedback feedback,
        @DefaultValue Rules rules,
        @DefaultValue Monitoring monitoring,
        @DefaultValue UpperLimits upperLimits,
        List<PremedicationItem> premedication,
        @DefaultValue Security security,
        @DefaultValue Smart smart) {

    /** A site that names no premedication set gets {@link #DEFAULT_PREMEDICATION}: the one place that default is written. */
    public InocdsProperties {
        premedication = premedication == null || premedication.isEmpty() ? DEFAULT_PREMEDICATION : List.copyOf(premedication);
    }

    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /**
     * The premedication set when a site names none: an antipyretic, an antihistamine and a corticosteroid, the three
     * classes the label advises before each infusion (用法・用量に関連する使用上の注意 5; the label digest "Premedication").
     * The products and doses are ours (common adult doses); a site sets its own.
     */
    public static final List<PremedicationItem> DEFAULT_PREMEDICATION = List.of(
            new PremedicationItem("ANTIPYRETIC", RXNORM, "161", "acetaminophen", new BigDecimal("500"), "mg", "26643006", "Oral route"),
            new PremedicationItem("ANTIHISTAMINE", RXNORM, "3498", "diphenhydramine", new BigDecimal("50"), "mg", "26643006", "Oral route"),
            new PremedicationItem("CORTICOSTEROID", RXNORM, "5492", "hydrocortisone", new BigDecimal("100"), "mg", "47625008",
                    "Intravenous route"));

    /**
     * Who may call the service and which FHIR servers it may read (docs/design.md "Security").
     */
    public record Security(@DefaultValue Jwt jwt, @DefaultValue FhirServers fhirServers, @DefaultValue AdminLogin adminLogin) {}

    /**
     * People signing in to {@code /admin/**} with a browser through OpenID Connect (docs/design.md "Security"); JSON
     * clients keep their bearer tokens. Off while {@code issuerUri} is empty.
     *
     * @param issuerUri the IdP's issuer (its {@code .well-known/openid-configuration} is read at the first login)
     * @param clientId the client the site registered with its IdP (redirect URI {@code {public-base-url}/login/oauth2/code/admin})
     * @param clientSecret its secret (HTTP Basic at the token endpoint)
     * @param roleClaim the ID token or user-info claim that lists the user's roles or groups
     * @param adminRole the value of that claim that grants the admin right
     */
    public record AdminLogin(
            @DefaultValue("") String issuerUri,
            @DefaultValue("") String clientId,
            @DefaultValue("") String clientSecret,
            @DefaultValue("groups") String roleClaim,
            @DefaultValue("inocds-admin") String adminRole) {
        @Override
        public String toString() {
            return "AdminLogin[" + issuerUri + ", " + clientId + ", secret " + (clientSecret.isBlank() ? "none" : "set") + "]";
        }
    }

    /**
     * CDS Hooks 2.0 client authentication.
     *
     * @param required verify a JWT on every call (discovery, services, feedback); off only in the demo
     * @param audience the exact {@code aud} expected (this service's discovery or service URL, as the site agrees)
     * @param clockSkew tolerance on {@code exp} and {@code iat}
     * @param maxTokenLifetime {@code exp − iat} above this is refused (the spec asks for about 5 minutes)
     * @param replayCacheSize {@code jti}s remembered in memory until their {@code exp}; beyond it the oldest go
     * @param replayStore where seen {@code jti}s are kept: {@code MEMORY} (one process, the embedded default) or
     *     {@code DATABASE} (the shared database, so that N replicas behind a load balancer refuse a replay
     *     made to any of them)
     * @param adminScope a token whose {@code scope} claim holds this value may read {@code /admin/**}; a CDS client
     *     token without it may not
     * @param issuers the trusted CDS clients
     */
    public record Jwt(
            @DefaultValue("false") boolean required,
            @DefaultValue("") String audience,
            @DefaultValue("60s") Duration clockSkew,
            @DefaultValue("10m") Duration maxTokenLifetime,
            @DefaultValue("100000") int replayCacheSize,
            @DefaultValue("MEMORY") ReplayStore replayStore,
            @DefaultValue("inocds-admin") String adminScope,
            List<Issuer> issuers) {}

    /** Where seen token ids are remembered. */
    public enum ReplayStore { MEMORY, DATABASE }

    /**
     * A trusted CDS client.
     *
     * @param iss its issuer string
     * @param jwksUrl where its keys are published (used when the token has no {@code jku})
     * @param jkuAllowlist {@code jku} URLs this issuer may name in a token header; any other is refused
     * @param jwks its keys as a JWK Set JSON; a key whose {@code kid} matches is used before any URL, even when
     *     the token names a {@code jku}
     * @param admin every token of this issuer may read {@code /admin/**} (a separate administrators' issuer)
     * @param audience the one {@code aud} this issuer's tokens carry when not the endpoint URL (Epic's is typed by hand
     *     at the site); when set, it replaces the global {@code audience} for this issuer, and no other issuer may use it
     * @param maxTokenLifetime this issuer's cap on {@code exp − iat}, instead of the global one (Epic's tokens live 15
     *     minutes: {@code 20m})
     * @param clockSkew this issuer's tolerance on {@code exp} and {@code iat}, instead of the global one
     * @param cardDialect how cards are shaped for this issuer: {@code STANDARD} (CDS Hooks 2.0) or {@code EPIC} (topic
     *     codes letters and digits only, {@code selectionBehavior: any}; cards/CardDialect)
     */
    public record Issuer(String iss, String jwksUrl, List<String> jkuAllowlist, String jwks,
            @DefaultValue("false") boolean admin, String audience, Duration maxTokenLifetime, Duration clockSkew,
            @DefaultValue("STANDARD") Dialect cardDialect) {}

    /** The shape of cards a client accepts (cards/CardDialect). */
    public enum Dialect { STANDARD, EPIC }

    /**
     * Which {@code fhirServer} URLs the service reads with the client's token.
     *
     * @param allowlist exact origins (scheme://host[:port]); an entry may be bound to issuers, so that only those
     *     callers may name it
     * @param allowUnlisted accept other public origins (demo); loopback, private, link-local and metadata
     *     addresses are refused unless listed, whatever this says
     * @param requireHttps refuse http origins (production)
     */
    public record FhirServers(List<AllowedServer> allowlist, @DefaultValue("true") boolean allowUnlisted,
            @DefaultValue("false") boolean requireHttps) {}

    /** An allowed FHIR server origin, optionally bound to the issuers that may use it. */
    public record AllowedServer(String origin, List<String> issuers) {}

    /** Windows of the hold, monitoring and VOD/SOS rules; see RuleSettings.Monitoring for each. */
    public record Monitoring(
            @DefaultValue("14") int baselineWindowDays,
            @DefaultValue("7") int transfusionWindowDays,
            @DefaultValue("30") int ecgAndEnzymeWindowDays,
            @DefaultValue("500") int qtcLimitMs,
            @DefaultValue("60") int qtcIncreaseMs,
            @DefaultValue("100") int postHsctDays,
            @DefaultValue("3") int postHsctLftDays,
            @DefaultValue("65") int elderlyAge) {}

    /**
     * Upper limits of normal used when a result carries no reference range that applies to the patient (the label digest
     * "Units and thresholds"); the card says which was used. The defaults are the JCCLS common reference intervals
     * (日本臨床検査標準協議会 共用基準範囲): total bilirubin 1.5 mg/dL, AST 30 U/L, ALT 42 U/L for men and 23 U/L for women,
     * amylase 132 U/L; lipase is not among them (60 U/L is ours). ALT differs by sex, so it is set per sex; a patient whose
     * sex is not recorded is judged against the lower of the two (the card says so). Set your laboratory's.
     */
    public record UpperLimits(
            @DefaultValue("1.5") BigDecimal bilirubinMgPerDl,
            @DefaultValue("30") BigDecimal astUPerL,
            @DefaultValue("42") BigDecimal altMaleUPerL,
            @DefaultValue("23") BigDecimal altFemaleUPerL,
            @DefaultValue("60") BigDecimal lipaseUPerL,
            @DefaultValue("132") BigDecimal amylaseUPerL) {}

    /**
     * One order of the site's premedication set (PRE-1); when the list is empty {@link #DEFAULT_PREMEDICATION} is used.
     *
     * @param drugClass ANTIPYRETIC, ANTIHISTAMINE or CORTICOSTEROID
     */
    public record PremedicationItem(String drugClass, String system, String code, String display, BigDecimal dose,
            String unit, String routeCode, String routeDisplay) {}


    /**
     * The site.
     *
     * @param timeZone the site's time zone (an IANA id such as {@code Asia/Tokyo}): the calendar days the label counts
     *     (days 1, 8 and 15; 6 days apart at least) are the site's days, so every FHIR dateTime (doses, orders, results,
     *     conditions, …) is converted to it before its date is taken, and "today" is today there (docs/design.md
     *     "Dates"). The default, {@code Asia/Tokyo}, is the demo's and the scenarios' (Japanese patients, written in
     *     Japan time); it is only a default for the demo: the {@code prod} profile refuses to start unless the site
     *     sets its zone itself ({@code ProductionReadiness}).
     */
    public record Site(@DefaultValue("Asia/Tokyo") ZoneId timeZone) {}

    /**
     * @param patientHashKey key of the HMAC under which patient ids are stored (issued cards, feedback);
     *     the demo default is public and must be replaced wherever real patients are seen
     */
    public record Audit(@DefaultValue("demo-only-key-replace-me") String patientHashKey) {}

    /**
     * What the service keeps of issued cards and feedback, and for how long (issue 22, defects 8 to 10).
     *
     * @param outcomeSkew how far an {@code outcomeTimestamp} may lie after now (and before the card was issued); beyond
     *     → 400, so that a timestamp from the future cannot pin which outcome counts
     * @param maxEntriesPerClientPerMinute feedback entries one client (the verified client, else the address) may post
     *     in a minute; more → 429
     * @param retention issued cards (and their feedback) older than this are deleted by the scheduled purge
     * @param maxIssuedCards the most issued-card rows kept; the purge deletes the oldest beyond it, so that the
     *     database cannot grow without bound whatever the load
     * @param purgeInterval how often the purge runs
     * @param summaryTimeout the longest the feedback summary's query may run; beyond → 503
     */
    public record Feedback(
            @DefaultValue("5m") Duration outcomeSkew,
            @DefaultValue("600") int maxEntriesPerClientPerMinute,
            @DefaultValue("365d") Duration retention,
            @DefaultValue("2000000") int maxIssuedCards,
            @DefaultValue("10m") Duration purgeInterval,
            @DefaultValue("10s") Duration summaryTimeout) {}

    /**
     * @param allowedOrigins origins (patterns) browser-based CDS clients may call from; {@code *} by
     *     default, as the CDS Hooks sandbox and EHR demo pages run on origins of their own
     */
    public record Cors(@DefaultValue("*") List<String> allowedOrigins) {}

    /**
     * @param maxBodySize largest accepted request body; larger → 413 (docs/design.md "Errors": 5 MB)
     * @param maxJsonNesting deepest JSON nesting accepted in a request; deeper → 400
     * @param maxDraftOrders entries in {@code context.draftOrders}; more → 400
     * @param maxPrefetchResources resources in all prefetch values together; more → 400 (a heavy patient
     *     with 6 cycles and labs every other day has about 550)
     * @param bodyReadTimeout a request body not received whole by then → 408 (a dripping body must not hold a worker)
     * @param maxConcurrentPerClient requests one client address may have in progress at once; more → 503, so that
     *     one caller cannot hold every worker thread (behind a proxy every caller is the proxy: raise it there)
     * @param maxBodiesInProgress request body bytes worked on at once across all callers; a call that finds no room
     *     within a second → 503. Unset (null): {@link #bodiesInProgress(long) a twentieth of the heap}
     * @param maxJsonElements JSON elements (each brace, bracket, name and value) in one document read: a request body
     *     (more → 413), a FHIR response (more → that key failed, DQ-2), a write to the sandbox (more → 413). Counted before
     *     anything is built: an element becomes up to 128 bytes of heap (json/BoundedJson), and budgets charge that. Ordinary
     *     FHIR JSON has about 10 bytes an element, so a 5 MB body has about 500,000
     */
    public record Limits(@DefaultValue("5MB") DataSize maxBodySize, @DefaultValue("64") int maxJsonNesting,
            @DefaultValue("100") int maxDraftOrders, @DefaultValue("20000") int maxPrefetchResources,
            @DefaultValue("10s") Duration bodyReadTimeout, @DefaultValue("32") int maxConcurrentPerClient,
            DataSize maxBodiesInProgress, @DefaultValue("1000000") long maxJsonElements) {

        /** Without a site's setting the budget is the heap divided by this. */
        public static final int HEAP_SHARE_OF_BODIES = 20;

        /**
         * Request bytes that may be in progress at once: as set, or else a twentieth of the heap the JVM may grow to —
         * a call's JSON tree and record take about eight times its bytes, so that is about 40 % of the heap at most
         * (a fixed 32 MB ran a 256 MB heap out; docs/performance.md) — and never less than one largest body.
         */
        public DataSize bodiesInProgress(long maxHeapBytes) {
            if (maxBodiesInProgress != null) {
                return maxBodiesInProgress;
            }
            return DataSize.ofBytes(Math.max(maxBodySize.toBytes(), maxHeapBytes / HEAP_SHARE_OF_BODIES));
        }
    }

    /**
     * How the service reads the EHR's FHIR server for prefetch keys the client did not send.
     *
     * @param connectTimeout TCP connect limit per request
     * @param readTimeout limit for one whole FHIR request (headers and body)
     * @param maxPages pages followed through {@code next} links per prefetch key, a guard against servers that
     *     page by one; beyond that the data is marked truncated (DQ-3)
     * @param pageSize the {@code _count} asked of the server on every search, so that how much is read does not
     *     depend on the server's own page size (HAPI FHIR JPA pages by 20)
     * @param maxResourcesPerKey resources read per prefetch key; beyond that the data is marked truncated (DQ-3),
     *     saying how many were read of how many
     * @param callDeadline all fetching of one CDS call, every key and page, ends by then (the CDS Hooks time
     *     budget); what is still arriving is cut off and named on a data-quality card
     * @param maxResponseSize largest single FHIR response read; larger → that key failed (DQ-2)
     * @param maxCallSize all FHIR responses of one call together; beyond → the key being read failed (DQ-2)
     * @param maxParallel prefetch keys of one call fetched at once; the others start as those finish. A server that
     *     closes every connection (HTTP/1.0) and accepts few at a time (Python's http.server: a listen backlog of 5) drops
     *     the connections beyond, which the kernel retries only after a second; at 6 none were dropped (docs/performance.md)
     * @param maxFetchedInProgress fetched FHIR bytes held at once by all calls together, each byte counted
     *     {@link #FETCHED_EXPANSION} times for the tree and the record it becomes; a call that finds no room → 503 with
     *     Retry-After. Unset (null): {@link #fetchedInProgress(long) a fifth of the heap}
     */
    public record Fetch(
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout,
            @DefaultValue("100") int maxPages,
            @DefaultValue("200") int pageSize,
            @DefaultValue("5000") int maxResourcesPerKey,
            @DefaultValue("5s") Duration callDeadline,
            @DefaultValue("4MB") DataSize maxResponseSize,
            @DefaultValue("16MB") DataSize maxCallSize,
            @DefaultValue("6") int maxParallel,
            DataSize maxFetchedInProgress) {

        /**
         * A fetched byte is held as the response, then as a Jackson tree and HAPI resources, then as the record: a page of
         * tiny Observations grows about this many times (issue 22: 16 MB fetched by each of 4 calls ran a pod's heap out).
         */
        public static final int FETCHED_EXPANSION = 8;
        /** Without a site's setting the budget is the heap divided by this. */
        public static final int HEAP_SHARE_OF_FETCHED = 5;

        /**
         * Fetched bytes, counted {@link #FETCHED_EXPANSION} times, that all calls may hold at once: as set, or else a fifth
         * of the heap the JVM may grow to. A call that needs more than the whole budget may still be served, but alone.
         */
        public DataSize fetchedInProgress(long maxHeapBytes) {
            if (maxFetchedInProgress != null) {
                return maxFetchedInProgress;
            }
            return DataSize.ofBytes(maxHeapBytes / HEAP_SHARE_OF_FETCHED);
        }
    }

    /**
     * @param bsaFormula MOSTELLER (default), DUBOIS or FUJIMOTO (the label digest "Regimen")
     * @param doseTolerancePercent DOSE-2: ordered dose within ± this percent of the expected dose is accepted
     * @param weightWindowDays DOSE-1: the newest weight (and a recorded BSA) must be this recent
     * @param heightWindowDays DOSE-1: the newest height must be this recent
     * @param vialMg PREP-1: mg per vial (1 in Japan and the EU; the US vial delivers 0.9)
     * @param reconstitutionMl PREP-1: water for injection per vial (4 mL → 0.25 mg/mL)
     */
    public record Dosing(
            @DefaultValue("MOSTELLER") BsaFormula bsaFormula,
            @DefaultValue("5") BigDecimal doseTolerancePercent,
            @DefaultValue("30") int weightWindowDays,
            @DefaultValue("365") int heightWindowDays,
            @DefaultValue("1") BigDecimal vialMg,
            @DefaultValue("4") BigDecimal reconstitutionMl) {}

    /**
     * Rule settings where the label is silent.
     *
     * @param labWindowDays a laboratory result counts as current for this many days before the planned date
     * @param pediatricAgeBelow ELIG-5: patients younger than this get the pediatric warning
     * @param contraceptionAgeFrom, contraceptionAgeTo ELIG-7: women of these ages get pregnancy test and
     *     contraception items on the start checklist (men always get contraception)
     * @param marrowBlastRemissionPercent CR/CRi: marrow blasts below this percentage (label: 5 %)
     * @param startChecklist START-1 card on the first dose
     * @param surveillanceRegistration START-1 lists the all-case surveillance registration (承認条件 2)
     * @param preparationOnOrderSign PREP-1 also on order-sign (always on order-select)
     * @param conditioningWindowDays VOD-2: an alkylator given (or completed) this recently still counts with the one
     *     being signed, as conditioning gives its agents on consecutive days (ours: 14)
     */
    public record Rules(
            @DefaultValue("7") int labWindowDays,
            @DefaultValue("18") int pediatricAgeBelow,
            @DefaultValue("12") int contraceptionAgeFrom,
            @DefaultValue("55") int contraceptionAgeTo,
            @DefaultValue("5") BigDecimal marrowBlastRemissionPercent,
            @DefaultValue("true") boolean startChecklist,
            @DefaultValue("true") boolean surveillanceRegistration,
            @DefaultValue("false") boolean preparationOnOrderSign,
            @DefaultValue("14") int conditioningWindowDays) {}

    /**
     * @param locations Spring resource patterns of the FHIR ValueSets/CodeSystems loaded at start; a site
     *     adds its own folder (e.g. {@code file:/etc/inocds/knowledge/*.json}) and its codes are merged
     *     into the ValueSets of the same url
     */
    public record Knowledge(@DefaultValue("classpath:fhir-resources/knowledge/*.json") List<String> locations) {}

    /**
     * @param enabled serve the embedded in-memory FHIR server at /fhir
     * @param demoLocation Bundles loaded into it at start; their dates are moved so that each Bundle's
     *     {@code timestamp} falls on today
     * @param open when JWT is required, still serve {@code /fhir/**} and {@code /timeline/**} without a token
     *     (browser clients such as the public CDS Hooks sandbox read FHIR without one); synthetic data only,
     *     said loudly at startup. Off by default; without JWT the sandbox is open anyway. Writing to it (anything but a
     *     read or a search) needs the admin right when JWT is required, open or not
     * @param maxWrittenResources resources callers may have written into the sandbox at once; beyond → 413
     * @param maxWrittenBytes their encoded size together, each counted as the bytes of ordinary JSON that would take as much
     *     heap where its JSON elements take more (json/BoundedJson); beyond → 413 (each body is within
     *     {@code limits.max-body-size} and {@code limits.max-json-elements})
     */
    public record Sandbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("classpath:fhir-resources/demo/*.json") String demoLocation,
            @DefaultValue("false") boolean open,
            @DefaultValue("5000") int maxWrittenResources,
            @DefaultValue("32MB") DataSize maxWrittenBytes) {}

    /**
     * The regimen timeline as a SMART on FHIR app (SMART App Launch 2.x; docs/design.md "SMART app"): {@code /smart/launch}
     * launched by an EHR ({@code iss} + {@code launch}) or on its own ({@code iss} only).
     *
     * @param launchUrl the app's launch URL as the site registered it with its EHR (normally
     *     {@code {public-base-url}/smart/launch}); when set, cards carry a {@code type: "smart"} link to it with the order
     *     being composed as {@code appContext}; empty: no smart link
     * @param clients the EHRs the app may be launched from, each by its FHIR base ({@code iss}) and the client id it
     *     registered the app under; an {@code iss} not listed here is refused before anything is fetched
     * @param scope what the app asks for: the launch context, the user, and read access to the parts of the record the
     *     timeline shows ({@code launch} becomes {@code launch/patient} in a standalone launch)
     * @param frameAncestors the origins that may show the app's pages in a frame (the EHR's); empty: none may
     * @param launchTimeout how long a launch may take from the redirect to the authorization server to its answer
     */
    public record Smart(
            @DefaultValue("") String launchUrl,
            List<SmartClient> clients,
            @DefaultValue("launch openid fhirUser patient/Patient.rs patient/Observation.rs patient/MedicationRequest.rs "
                    + "patient/MedicationAdministration.rs patient/Condition.rs patient/Procedure.rs patient/ServiceRequest.rs "
                    + "patient/CarePlan.rs patient/AllergyIntolerance.rs patient/AdverseEvent.rs") String scope,
            List<String> frameAncestors,
            @DefaultValue("10m") Duration launchTimeout) {
        public Smart {
            clients = clients == null ? List.of() : List.copyOf(clients);
            frameAncestors = frameAncestors == null ? List.of() : List.copyOf(frameAncestors);
        }
    }

    /**
     * One EHR the SMART app is registered with.
     *
     * @param issuer the EHR's FHIR base URL, exactly as it sends it as {@code iss} (a trailing slash aside)
     * @param clientId the client id the EHR gave the app
     * @param clientSecret for a confidential client (sent with HTTP Basic to the token endpoint); empty: a public client
     *     (PKCE alone)
     */
    public record SmartClient(String issuer, String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "SmartClient[" + issuer + ", " + clientId + ", secret " + (clientSecret == null || clientSecret.isBlank() ? "none" : "set") + "]";
        }
    }
}
