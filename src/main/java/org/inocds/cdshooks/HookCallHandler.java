package org.inocds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.cards.CardRenderer;
import org.inocds.cards.CdsJson;
import org.inocds.cards.RenderContext;
import org.inocds.prefetch.FetchedDataBudget;
import org.inocds.prefetch.FhirAccess;
import org.inocds.prefetch.FhirServerPolicy;
import org.inocds.prefetch.PatientDataGatherer;
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
    private final FhirServerPolicy serverPolicy;

    public HookCallHandler(PatientDataGatherer gatherer, PatientRecordReader reader, PatientReview review,
            CardRenderer renderer, Clock clock, FhirServerPolicy serverPolicy) {
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
            return handle(service, request, client, contexts, fetched);
        }
    }

    private CdsJson.Response handle(CdsServiceDefinition service, CdsRequest request,
            Optional<VerifiedClient> client, RenderContextFactory contexts, FetchedDataBudget.Charge fetched) {
        LocalDate today = LocalDate.now(clock);
        Hook hook = service.hookType();
        List<DraftOrder> orders = hook == Hook.PATIENT_VIEW ? List.of()
                : inScope(reader.readDraftOrders(request.draftOrders().orElseThrow(), today), request, hook);
        List<ClinicalFact> draftFacts = hook == Hook.PATIENT_VIEW ? List.of()
                : reader.readDraftFacts(request.draftOrders().orElseThrow());
        if (hook != Hook.PATIENT_VIEW && !concernsThisService(hook, orders, draftFacts)) {
            return CdsJson.Response.none(); // orders for other drugs answer at once and fetch nothing
        }
        Optional<FhirAccess> access = Optional.empty();
        String whyNoAccess = "the request names no fhirServer";
        if (request.fhirServer().isPresent()) {
            var decision = serverPolicy.check(request.fhirServer().get(), client);
            if (decision.allowed()) {
                access = Optional.of(new FhirAccess(request.fhirServer().get(), request.accessToken()));
            } else {
                whyNoAccess = decision.reason();
                log.warn("hookInstance={} fhirServer refused: {}", LogSafe.of(request.hookInstance()), decision.reason());
            }
        }
        PatientData data;
        if (hook == Hook.PATIENT_VIEW) {
            // Most charts opened are of patients never given inotuzumab: the dose history alone proves it, and then
            // nothing else is read or fetched. A dose history that could not be read proves nothing: all is read.
            Map<String, String> doseKeys = new LinkedHashMap<>();
            Map<String, String> otherKeys = new LinkedHashMap<>();
            service.prefetch().forEach((key, template) -> (isDoseHistory(key) ? doseKeys : otherKeys).put(key, template));
            PatientData doses = gatherer.gather(request.patientId(), doseKeys, request.prefetch(), access, whyNoAccess, fetched);
            PatientRecord doseRecord = reader.read(doses);
            if (!doseRecord.everTreated() && !doseRecord.doseHistoryUnavailable()) {
                return CdsJson.Response.none();
            }
            data = doses.and(gatherer.gather(request.patientId(), otherKeys, request.prefetch(), access, whyNoAccess, fetched),
                    service.prefetch().keySet());
        } else {
            data = gatherer.gather(request.patientId(), service.prefetch(), request.prefetch(), access, whyNoAccess, fetched);
        }
        PatientRecord record = reader.read(data).withFacts(draftFacts);
        List<Finding> findings = review.review(hook, record, orders, today);
        RenderContext renderContext = contexts.create(draftOrdersByReference(request), request.patientId());
        return new CdsJson.Response(renderer.render(findings, renderContext));
    }

    /**
     * An inotuzumab order always concerns the service; on order-sign, so do an alkylating agent (VOD-2) and an
     * HSCT request (VOD-4), which matter only if inotuzumab was given — known once the data is read.
     */
    private static boolean concernsThisService(Hook hook, List<DraftOrder> orders, List<ClinicalFact> draftFacts) {
        if (orders.stream().anyMatch(DraftOrder::inotuzumab)) {
            return true;
        }
        return hook == Hook.ORDER_SIGN && (orders.stream().anyMatch(o -> o.classes().contains(DrugClass.ALKYLATING))
                || draftFacts.stream().anyMatch(f -> f.concept() == ClinicalConcept.HSCT));
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
        RenderContext create(Map<String, ObjectNode> draftOrders, String patientId);
    }
}
