package org.inocds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.inocds.cards.CallLanguage;
import org.inocds.reader.FhirIds;
import org.inocds.reader.PatientName;
import org.inocds.reader.PatientData;
import org.inocds.reader.PatientRecordReader;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.timeline.TimelineView;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * {@code /timeline/{patientId}}: the regimen timeline of a sandbox patient as the service reconstructs it,
 * with the laboratory trends that decide holds drawn against their thresholds and the doses marked
 * (docs/design.md "Embedded FHIR sandbox and demo"), drawn by {@link TimelineView}. Cards link here when the sandbox
 * runs. It reads the sandbox only, so it exists only where the sandbox does; against an EHR the same view is the SMART
 * app ({@code smart/}).
 */
@RestController
@ConditionalOnProperty(name = "inocds.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public class TimelinePage {

    private final SandboxStore store;
    private final PatientRecordReader reader;
    private final CallLanguage language;
    private final ThreadLocal<IParser> parser;
    private final ObjectMapper mapper;
    private final TimelineView view;
    private final ITemplateEngine templates;

    public TimelinePage(SandboxStore store, PatientRecordReader reader, CallLanguage language, FhirContext fhir, ObjectMapper mapper,
            TimelineView view, ITemplateEngine templates) {
        this.store = store;
        this.reader = reader;
        this.language = language;
        this.parser = ThreadLocal.withInitial(fhir::newJsonParser);
        this.mapper = mapper;
        this.view = view;
        this.templates = templates;
    }

    @GetMapping(value = "/timeline/{patientId}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable("patientId") String patientId,
            @RequestParam(value = "lang", required = false) String lang,
            @RequestParam(value = "planned", required = false) String plannedParam,
            @RequestParam(value = "mg", required = false) String mgParam,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        if (!FhirIds.isId(patientId) || store.get("Patient", patientId).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).body(templates.process("timeline-unknown", new Context(locale)));
        }
        PatientData data = new PatientData(patientId, Map.of("sandbox",
                new PrefetchOutcome("sandbox", PrefetchOutcome.Status.FETCHED, resourcesOf(patientId), Optional.empty())));
        // the order being composed, where it would fall, with its mg (the cards' links and the demo page pass them); an
        // unreadable date draws no order, an unreadable mg no mg
        var draft = TimelineView.plannedDate(plannedParam).map(date -> new TimelineView.Draft(date, TimelineView.mg(mgParam)));
        String html = view.page(patientId, PatientName.of(data), reader.read(data), draft, List.of(), locale);
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }

    private List<ObjectNode> resourcesOf(String patientId) {
        List<ObjectNode> out = new ArrayList<>();
        for (String type : List.of("Patient", "Observation", "Condition", "MedicationRequest", "MedicationAdministration", "Procedure",
                "ServiceRequest", "AllergyIntolerance", "AdverseEvent", "CarePlan")) {
            for (Resource r : store.all(type)) {
                if (belongsTo(r, patientId)) {
                    try {
                        out.add((ObjectNode) mapper.readTree(parser.get().encodeResourceToString(r)));
                    } catch (Exception e) {
                        // a resource the sandbox holds but cannot encode is left off the page
                    }
                }
            }
        }
        return out;
    }

    private static boolean belongsTo(Resource r, String patientId) {
        if (r.fhirType().equals("Patient")) {
            return r.getIdElement().getIdPart().equals(patientId);
        }
        return SearchFields.patient(r).map(p -> patientId.equals(p.getReferenceElement().getIdPart())).orElse(false);
    }

}
