package org.inocds.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.inocds.cards.CallLanguage;
import org.inocds.cards.CardRenderer;
import org.inocds.cards.RenderContext;
import org.inocds.record.DraftOrder;
import org.inocds.observability.ServiceMetrics;
import org.inocds.protocol.CdsJson;
import org.inocds.security.LogSafe;
import org.inocds.security.VerifiedClient;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** CDS Hooks 2.0 discovery and service endpoints. */
@RestController
public class CdsServicesController {

    private static final Logger log = LoggerFactory.getLogger(CdsServicesController.class);

    private final CdsServiceCatalog catalog;
    private final CdsRequestReader requestReader;
    private final HookCallHandler handler;
    private final CallLanguage language;
    private final InocdsProperties properties;
    private final IssuedCards issuedCards;
    private final CardIdentity cardIdentity;
    private final ServiceMetrics metrics;
    private final RequestBodyBudget bodyBudget;

    public CdsServicesController(CdsServiceCatalog catalog, CdsRequestReader requestReader, HookCallHandler handler,
            CallLanguage language, InocdsProperties properties, IssuedCards issuedCards, ServiceMetrics metrics,
            RequestBodyBudget bodyBudget, CardIdentity cardIdentity) {
        this.cardIdentity = cardIdentity;
        this.bodyBudget = bodyBudget;
        this.metrics = metrics;
        this.issuedCards = issuedCards;
        this.catalog = catalog;
        this.requestReader = requestReader;
        this.handler = handler;
        this.language = language;
        this.properties = properties;
    }

    @GetMapping(value = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
    public Discovery discovery() {
        return new Discovery(catalog.all());
    }

    @PostMapping(value = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public CdsJson.Response call(@PathVariable("id") String id, HttpServletRequest http,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        long start = System.nanoTime();
        var service = catalog.find(id).orElseThrow(() -> new CdsHttpException.UnknownService(id));
        try (var charge = bodyBudget.open()) { // the request's bytes count against the budget until it is answered
            return call(id, service, requestReader.read(http, service.hookType(), charge), http, acceptLanguage, start);
        }
    }

    private CdsJson.Response call(String id, CdsServiceDefinition service, CdsRequest request, HttpServletRequest http,
            String acceptLanguage, long start) {
        var locale = language.choose(acceptLanguage);
        String baseUrl = baseUrl();
        String outcome = "error";
        String kind = "error"; // the metric's outcome: cards, quiet or error
        try {
            var client = VerifiedClient.of(http);
            // docs/design.md "Card contract": where the embedded sandbox runs, cards link to the patient's timeline page;
            // where the site registered the SMART app, to it as well (type smart)
            // the timeline link carries the inotuzumab order being composed (planned date, mg) so that the page draws it
            var rendered = handler.handle(service, request, client, (drafts, patientId, order) -> new RenderContext(locale, baseUrl, drafts,
                    properties.sandbox().enabled() ? Optional.of(timelineUrl(baseUrl, patientId, locale, order)) : Optional.empty(), patientId,
                    Optional.ofNullable(properties.smart().launchUrl()).filter(url -> !url.isBlank())));
            var response = cardIdentity.assign(rendered, id, CdsCaller.of(http), request.patientId());
            issuedCards.record(id, request.hookInstance(), request.patientId(), CdsCaller.of(http), response.cards());
            for (var card : response.cards()) {
                metrics.cardIssued(id, CardRenderer.primaryRule(card), card.source().topic().code(), card.indicator().json());
            }
            outcome = response.cards().size() + " cards";
            kind = response.cards().isEmpty() ? "quiet" : "cards";
            return response;
        } finally {
            metrics.hookCall(id, kind, Duration.ofNanos(System.nanoTime() - start));
            // One line per call; the hookInstance identifies it. Never tokens or patient data.
            log.info("hookInstance={} service={} outcome={} durationMs={}", LogSafe.of(request.hookInstance()), id, outcome,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** The sandbox's timeline page of the patient, with the order being composed as {@code planned} and {@code mg} (sandbox/TimelinePage). */
    static String timelineUrl(String baseUrl, String patientId, Locale locale, Optional<DraftOrder> order) {
        var url = UriComponentsBuilder.fromUriString(baseUrl).path("/timeline/{patient}").queryParam("lang", locale.getLanguage());
        order.ifPresent(o -> {
            url.queryParam("planned", o.plannedDate());
            o.doseMg().ifPresent(mg -> url.queryParam("mg", mg.stripTrailingZeros().toPlainString()));
        });
        return url.buildAndExpand(patientId).encode().toUriString();
    }

    private String baseUrl() {
        String configured = properties.publicBaseUrl();
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    /** The discovery document: every service, {@code services: []} when there are none (CDS Hooks 2.0 "Discovery"). */
    public record Discovery(@JsonInclude(JsonInclude.Include.ALWAYS) List<CdsServiceDefinition> services) {}
}
