package org.inocds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.cards.CardDialect;
import org.inocds.cards.CardRenderer;
import org.inocds.cards.RenderContext;
import org.inocds.prefetch.CallBudget;
import org.inocds.prefetch.FetchedDataBudget;
import org.inocds.prefetch.FhirAccess;
import org.inocds.prefetch.FhirDataUnavailableException;
import org.inocds.prefetch.MedicationResolver;
import org.inocds.prefetch.FhirServerPolicy;
import org.inocds.prefetch.PatientDataGatherer;
import org.inocds.protocol.CdsJson;
import org.inocds.reader.PatientData;
import org.inocds.reader.PatientRecordReader;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;
import org.inocds.record.PatientRecord;
import org.inocds.record.RecordPart;
import org.inocds.rules.Finding;
import org.inocds.rules.Hook;
import org.inocds.rules.PatientReview;
import org.inocds.security.LogSafe;
import org.inocds.security.VerifiedClient;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One service call from validated request to cards (docs/design.md "Request handling" 2–6): gather the data,
 * read the facts, place each inotuzumab order in the regimen, evaluate the rules, render the cards.
 */
@Component
public class HookCallHandler {

    private static final Logger log = LoggerFactory.getLogger(HookCallHandler.class);

    private final PatientDataGatherer gatherer;
    private final PatientRecordReader reader;
    private final PatientReview review;
    private final CardRenderer renderer;
    private final Clock clock;
    /** The site's time zone: "today" is the site's today (docs/design.md "Dates"), whatever the server's zone. */
    private final ZoneId siteZone;
    private final FhirServerPolicy serverPolicy;
    private final MedicationResolver medicationResolver;
    /** Each trusted issuer's card dialect (cards/CardDialect); a caller not identified by a token gets the standard. */
    private final Map<String, InocdsProperties.Dialect> dialects = new LinkedHashMap<>();

    public HookCallHandler(PatientDataGatherer gatherer, PatientRecordReader reader, PatientReview review,
            CardRenderer renderer, Clock clock, ZoneId siteZone, FhirServerPolicy serverPolicy, MedicationResolver medicationResolver,
            InocdsProperties properties) {
        for (var issuer : Optional.ofNullable(properties.security().jwt().issuers()).orElse(List.of())) {
            dialects.put(issuer.iss(), issuer.cardDialect());
        }
        this.siteZone = siteZone;
        this.medicationResolver = medicationResolver;
        this.serverPolicy = serverPolicy;
        this.gatherer = gatherer;
        this.reader = reader;
        this.review = review;
        this.renderer = renderer;
        this.clock = clock;
    }

    /** @param client the caller, when a JWT identified it (binds allowlisted FHIR servers to callers) */
    public CdsJson.Response handle(CdsServiceDefinition service, CdsRequest request,
            Optional<VerifiedClient> client, RenderContextFactory contexts) {
        // the fetched data, its tree and its record count against the shared budget until the call is answered
        try (var fetched = gatherer.openCharge()) {
            var dialect = client.map(c -> dialects.get(c.issuer())).orElse(InocdsProperties.Dialect.STANDARD);
            return CardDialect.apply(dialect == null ? InocdsProperties.Dialect.STANDARD : dialect,
                    handle(service, request, client, contexts, fetched));
        }
    }

    private CdsJson.Response handle(CdsServiceDefinition service, CdsRequest request,
            Optional<VerifiedClient> client, RenderContextFactory contexts, FetchedDataBudget.Charge fetched) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), siteZone);
        Hook hook = service.hookType();
        Optional<FhirAccess> access = Optional.empty();
        String whyNoAccess = "the request names no fhirServer";
        if (request.fhirServer().isPresent()) {
            var decision = serverPolicy.check(request.fhirServer().get(), client);
            if (decision.allowed()) {
                access = Optional.of(new FhirAccess(request.fhirServer().get(), request.accessToken(), decision.thisService()));
            } else {
                whyNoAccess = decision.reason();
                log.warn("hookInstance={} fhirServer refused: {}", LogSafe.of(request.hookInstance()), decision.reason());
            }
        }
        // issue 26: Medications by reference are resolved wherever they are — the draft orders, the prefetch, else read
        // from fhirServer once per id — before the orders are read (an inotuzumab order by reference must be recognised)
        CallBudget budget = new CallBudget(fetched);
        MedicationResolver.Lookup medications = medicationResolver.newLookup();
        medications.know(prefetchResources(request));
        List<DraftOrder> orders = List.of();
        List<ClinicalFact> draftFacts = List.of();
        if (hook != Hook.PATIENT_VIEW) {
            ObjectNode draftOrders = request.draftOrders().orElseThrow();
            medicationResolver.resolve(medications, draftResources(draftOrders), access, budget);
            orders = inScope(reader.readDraftOrders(draftOrders, medications.medications(), today), request, hook);
            draftFacts = reader.readDraftFacts(draftOrders);
        }
        if (hook != Hook.PATIENT_VIEW && !concernsThisService(hook, orders, draftFacts)) {
            return CdsJson.Response.none(); // orders for other drugs answer at once and fetch nothing
        }
        PatientData data;
        if (hook == Hook.PATIENT_VIEW) {
            // Most charts opened are of patients never given inotuzumab: the dose history alone proves it, and then
            // nothing else is read or fetched. A dose history that could not be read proves nothing: all is read.
            Map<String, String> doseKeys = new LinkedHashMap<>();
            Map<String, String> otherKeys = new LinkedHashMap<>();
            service.prefetch().forEach((key, template) -> (isDoseHistory(key) ? doseKeys : otherKeys).put(key, template));
            PatientData doses = gatherer.gather(request.patientId(), doseKeys, request.prefetch(), access, whyNoAccess, budget);
            doses = withMedications(doses, medications, access, budget);
            PatientRecord doseRecord = reader.read(doses);
            if (!doseRecord.everTreated() && !doseRecord.doseHistoryUnavailable()) {
                return CdsJson.Response.none();
            }
            data = doses.and(gatherer.gather(request.patientId(), otherKeys, request.prefetch(), access, whyNoAccess, budget),
                    service.prefetch().keySet());
        } else {
            try {
                data = gatherer.gather(request.patientId(), service.prefetch(), request.prefetch(), access, whyNoAccess, budget);
            } catch (FhirDataUnavailableException e) {
                if (!onlyUnresolved(hook, orders, draftFacts)) {
                    throw e;
                }
                // nothing of this service's is known to be ordered, only drugs that could not be identified: the
                // data-quality card says so (what was not checked) rather than a 412 for data it may not need
                data = new PatientData(request.patientId(), Map.of());
            }
        }
        data = withMedications(data, medications, access, budget);
        PatientRecord record = reader.read(data).withFacts(draftFacts);
        List<Finding> findings = review.review(hook, record, orders, today);
        // the inotuzumab order being composed goes into the cards' links, so that the timeline they open draws it
        RenderContext renderContext = contexts.create(draftOrdersByReference(request), request.patientId(),
                orders.stream().filter(DraftOrder::inotuzumab).findFirst());
        return new CdsJson.Response(renderer.render(findings, renderContext));
    }

    /** The data with the call's Medications: those it holds, and those its resources reference, read from fhirServer. */
    private PatientData withMedications(PatientData data, MedicationResolver.Lookup medications, Optional<FhirAccess> access,
            CallBudget budget) {
        medicationResolver.resolve(medications, data.resources(), access, budget);
        return data.with(medications.outcome());
    }

    private static List<JsonNode> prefetchResources(CdsRequest request) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode value : request.prefetch().values()) {
            if (value == null) {
                continue;
            }
            out.add(value);
            for (JsonNode entry : value.path("entry")) {
                out.add(entry.path("resource"));
            }
        }
        return out;
    }

    private static List<JsonNode> draftResources(ObjectNode draftOrders) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : draftOrders.path("entry")) {
            out.add(entry.path("resource"));
        }
        return out;
    }

    /**
     * An inotuzumab order always concerns the service; on order-sign, so do an alkylating agent (VOD-2) and an
     * HSCT request (VOD-4), which matter only if inotuzumab was given — known once the data is read.
     */
    private static boolean concernsThisService(Hook hook, List<DraftOrder> orders, List<ClinicalFact> draftFacts) {
        if (orders.stream().anyMatch(o -> o.inotuzumab() || o.medicationUnresolved())) {
            return true; // an order whose drug could not be resolved may be inotuzumab: the data-quality card says so
        }
        return hook == Hook.ORDER_SIGN && (orders.stream().anyMatch(o -> o.classes().contains(DrugClass.ALKYLATING))
                || draftFacts.stream().anyMatch(f -> f.concept() == ClinicalConcept.HSCT));
    }

    /** The call concerns the service only because some drafts' drugs could not be identified. */
    private static boolean onlyUnresolved(Hook hook, List<DraftOrder> orders, List<ClinicalFact> draftFacts) {
        boolean unknownDrug = orders.stream().anyMatch(o -> o.medicationUnresolved() && !o.inotuzumab());
        return unknownDrug && !concernsThisService(hook,
                orders.stream().filter(o -> !(o.medicationUnresolved() && !o.inotuzumab())).toList(), draftFacts);
    }

    private static boolean isDoseHistory(String key) {
        return RecordPart.ofKey(key).filter(RecordPart.DOSE_HISTORY::contains).isPresent();
    }

    /** order-select concerns the selected orders only; order-sign every draft order. */
    private static List<DraftOrder> inScope(List<DraftOrder> orders, CdsRequest request, Hook hook) {
        if (hook != Hook.ORDER_SELECT) {
            return orders;
        }
        return orders.stream().filter(o -> request.selections().contains(o.reference())).toList();
    }

    private static Map<String, ObjectNode> draftOrdersByReference(CdsRequest request) {
        Map<String, ObjectNode> byRef = new LinkedHashMap<>();
        request.draftOrders().ifPresent(bundle -> {
            for (JsonNode entry : bundle.path("entry")) {
                if (entry.get("resource") instanceof ObjectNode r && r.path("id").isTextual()) {
                    byRef.put(r.path("resourceType").asText() + "/" + r.path("id").asText(), r);
                }
            }
        });
        return byRef;
    }

    /** Builds the render context once the call's language and base URL are known. */
    @FunctionalInterface
    public interface RenderContextFactory {
        RenderContext create(Map<String, ObjectNode> draftOrders, String patientId, Optional<DraftOrder> inotuzumabOrder);
    }
}
