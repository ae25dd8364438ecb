package org.inocds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.hl7.fhir.r4.model.Resource;
import org.inocds.cards.CallLanguage;
import org.inocds.cards.CardMessages;
import org.inocds.cards.CardRenderer;
import org.inocds.reader.FhirIds;
import org.inocds.reader.PatientData;
import org.inocds.reader.PatientRecordReader;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.PlacedDose;
import org.inocds.regimen.RegimenCycle;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.rules.PatientReview;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.UpperLimit;
import org.inocds.rules.family.HematologicHoldRule;
import org.inocds.rules.family.HepaticRule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /timeline/{patientId}}: the regimen timeline of a sandbox patient as the service reconstructs it,
 * with the laboratory trends that decide holds drawn against their thresholds and the doses marked
 * (docs/design.md "Embedded FHIR sandbox and demo"). Cards link here when the sandbox runs. It reads the sandbox
 * only, so it exists only where the sandbox does.
 */
@RestController
@ConditionalOnProperty(name = "inocds.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public class TimelinePage {

    private final SandboxStore store;
    private final PatientRecordReader reader;
    private final RuleSettings settings;
    private final CallLanguage language;
    private final Clock clock;
    private final ZoneId siteZone;
    private final ThreadLocal<IParser> parser;
    private final ObjectMapper mapper;
    private final CardMessages messages;
    private final CardRenderer renderer;

    private static final List<Extension> GFM = List.of(TablesExtension.create());
    private static final Parser MARKDOWN_PARSER = Parser.builder().extensions(GFM).build();
    private static final HtmlRenderer MARKDOWN = HtmlRenderer.builder().extensions(GFM).escapeHtml(true).sanitizeUrls(true).build();

    public TimelinePage(SandboxStore store, PatientRecordReader reader, RuleSettings settings, CallLanguage language, Clock clock,
            ZoneId siteZone, FhirContext fhir, ObjectMapper mapper, CardMessages messages, CardRenderer renderer) {
        this.store = store;
        this.reader = reader;
        this.settings = settings;
        this.language = language;
        this.clock = clock;
        this.siteZone = siteZone;
        this.parser = ThreadLocal.withInitial(fhir::newJsonParser);
        this.mapper = mapper;
        this.messages = messages;
        this.renderer = renderer;
    }

    /**
     * One pane: the analyte, its unit and its hold threshold — absolute, or a multiple of the ULN — taken from the rules
     * that hold on it (HEM-1/HEM-2 1,000/µL and 50,000/µL; HEP-2 1.5 × and 2.5 × ULN), so the chart draws the line the
     * rule judges by; its title is "timeline-page.analyte.NAME" in the message bundle.
     */
    private record Chart(Analyte analyte, String unit, Optional<BigDecimal> absolute, Optional<BigDecimal> ulnFactor) {}

    private static final List<Chart> CHARTS = List.of(
            new Chart(Analyte.ANC, "/µL", Optional.of(HematologicHoldRule.ANC_THRESHOLD), Optional.empty()),
            new Chart(Analyte.PLATELETS, "/µL", Optional.of(HematologicHoldRule.PLATELET_THRESHOLD), Optional.empty()),
            new Chart(Analyte.BILIRUBIN_TOTAL, "mg/dL", Optional.empty(), Optional.of(HepaticRule.BILIRUBIN_FACTOR)),
            new Chart(Analyte.AST, "U/L", Optional.empty(), Optional.of(HepaticRule.TRANSAMINASE_FACTOR)),
            new Chart(Analyte.ALT, "U/L", Optional.empty(), Optional.of(HepaticRule.TRANSAMINASE_FACTOR)));

    @GetMapping(value = "/timeline/{patientId}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable("patientId") String patientId,
            @RequestParam(value = "lang", required = false) String lang,
            @RequestParam(value = "planned", required = false) String plannedParam,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        if (!FhirIds.isId(patientId) || store.get("Patient", patientId).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).body("<!doctype html><p>Unknown patient</p>");
        }
        PatientRecord record = reader.read(new PatientData(patientId, Map.of("sandbox",
                new PrefetchOutcome("sandbox", PrefetchOutcome.Status.FETCHED, resourcesOf(patientId), Optional.empty()))));
        RegimenTimeline timeline = PatientReview.timeline(record, settings);
        LocalDate today = LocalDate.ofInstant(clock.instant(), siteZone); // the site's today (docs/design.md "Dates")
        // the order being composed, where it would fall (the demo page passes its planned date); an unreadable date is ignored
        Optional<LocalDate> planned = Optional.ofNullable(plannedParam).filter(p -> p.matches("\\d{4}-\\d{2}-\\d{2}")).flatMap(p -> {
            try {
                return Optional.of(LocalDate.parse(p));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
        Optional<OrderPlacement> placement = planned.map(p -> timeline.place(p, Optional.empty()));
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html lang=\"").append(locale.getLanguage()).append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\"><title>")
                .append(esc(patientId)).append("</title><link rel=\"stylesheet\" href=\"/timeline.css\"></head><body>");
        html.append("<h1>").append(esc(messages.text(locale, "timeline-page.title", Map.of("patient", patientId)))).append("</h1>");
        html.append("<p>").append(messages.languageLinksHtml()).append("</p>");
        if (timeline.isEmpty()) {
            html.append("<p>").append(esc(messages.text(locale, "timeline-page.untreated"))).append("</p>");
        } else {
            // the very table the dosing cards carry, rendered from the same markdown (raw HTML in it is escaped)
            html.append("<section id=\"regimen-table\">")
                    .append(MARKDOWN.render(MARKDOWN_PARSER.parse(renderer.timelineMarkdown(timeline, placement, locale)))).append("</section>");
        }
        LocalDate from = timeline.isEmpty() ? today.minusDays(30) : timeline.cycles().get(0).day1().minusDays(14);
        LocalDate to = planned.filter(p -> p.isAfter(today)).orElse(today).plusDays(7);
        html.append("<h2>").append(esc(messages.text(locale, "timeline-page.trends"))).append("</h2>")
                .append("<div id=\"charts\"></div>")
                .append("<script type=\"application/json\" id=\"timeline-data\">")
                // raw text inside the script element: "<" is escaped as JSON allows, so nothing can close the element
                .append(data(record, timeline, from, to, locale, placement)
                        .toString().replace("<", "\\u003c")).append("</script>")
                .append("<link rel=\"stylesheet\" href=\"/webjars/uplot/1.6.30/dist/uPlot.min.css\">")
                .append("<script src=\"/webjars/uplot/1.6.30/dist/uPlot.iife.min.js\"></script>")
                .append("<script src=\"/timeline.js\"></script>");
        html.append("</body></html>");
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html.toString());
    }

    private static long epoch(LocalDate d) {
        return d.atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * What the charts draw (read by {@code /timeline.js} from a JSON block, so the page needs no inline script):
     * one pane per analyte with its results, unit and threshold (and the ULN's origin); the doses given with cycle, day,
     * mg and level; the cycles; each late dose's hold; skipped doses; CR/CRi; the clinical events that change what may
     * be given (VOD/SOS, severe liver injury, HSCT, infusion reactions and graded adverse events); every label worded
     * from the message bundle of the page's language.
     */
    private ObjectNode data(PatientRecord record, RegimenTimeline timeline, LocalDate from, LocalDate to, Locale locale,
            Optional<OrderPlacement> planned) {
        ObjectNode data = mapper.createObjectNode();
        data.put("lang", locale.getLanguage()).put("from", epoch(from)).put("to", epoch(to));
        var words = data.putObject("words");
        for (String key : List.of("date", "no-results", "hold-threshold", "legend")) {
            words.put(key, messages.text(locale, "timeline-page.chart." + key));
        }
        var panes = data.putArray("panes");
        for (Chart chart : CHARTS) {
            List<LabResult> results = record.results(chart.analyte(), to).stream().filter(r -> !r.date().isBefore(from)).toList();
            String title = messages.text(locale, "timeline-page.analyte." + chart.analyte().name().toLowerCase(Locale.ROOT));
            ObjectNode pane = panes.addObject().put("title", title + " " + chart.unit()).put("unit", chart.unit());
            var points = pane.putArray("points");
            for (int i = results.size() - 1; i >= 0; i--) {
                LabResult r = results.get(i);
                points.addArray().add(epoch(r.date())).add(r.value());
            }
            if (chart.absolute().isPresent()) {
                pane.put("threshold", chart.absolute().get()).put("thresholdLabel",
                        String.format(Locale.ROOT, "%,d %s", chart.absolute().get().intValue(), chart.unit()));
            } else {
                // the newest result's ULN for this patient (its range for the patient's sex and age, else its own, else the site's)
                Optional<UpperLimit> uln = results.isEmpty() ? UpperLimit.siteDefault(chart.analyte(), record, settings)
                        : UpperLimit.of(results.get(0), record, settings);
                BigDecimal factor = chart.ulnFactor().get();
                uln.ifPresent(limit -> {
                    BigDecimal u = limit.value();
                    pane.put("threshold", u.multiply(factor)).put("thresholdLabel", messages.text(locale,
                            limit.fromResult() ? "timeline-page.uln.own" : "timeline-page.uln.site", Map.of("factor", factor, "uln",
                                    u.stripTrailingZeros(), "unit", chart.unit(), "limit", u.multiply(factor).stripTrailingZeros())));
                });
            }
        }
        var doses = data.putArray("doses");
        var holds = data.putArray("holds");
        Map<Integer, Integer> levelOfCycle = new HashMap<>();
        timeline.cycles().forEach(c -> levelOfCycle.put(c.number(), c.doseLevel()));
        for (PlacedDose d : timeline.allDoses()) {
            doses.addObject().put("t", epoch(d.date())).put("label", messages.text(locale, "timeline-page.dose", Map.of("cycle", d.cycle(),
                    "day", d.day(), "mg", d.mg().map(mg -> " " + mg.stripTrailingZeros().toPlainString() + " mg").orElse(""),
                    "level", levelOfCycle.getOrDefault(d.cycle(), 0))) + (d.partial() ? " " + messages.text(locale, "timeline.partial") : ""));
            if (d.delayDays() > 0) {
                holds.addObject().put("from", epoch(d.scheduled())).put("to", epoch(d.date()))
                        .put("label", messages.text(locale, "timeline-page.late", Map.of("cycle", d.cycle(), "day", d.day(), "days", d.delayDays())));
            }
        }
        var cycles = data.putArray("cycles");
        var skipped = data.putArray("skipped");
        for (RegimenCycle c : timeline.cycles()) {
            cycles.addObject().put("from", epoch(c.day1())).put("to", epoch(c.day1().plusDays(c.lengthDays())))
                    .put("label", messages.text(locale, "timeline-page.cycle", Map.of("cycle", c.number(), "level", c.doseLevel())));
            for (int day : c.skippedDays()) {
                skipped.addObject().put("t", epoch(c.day1().plusDays(day - 1)))
                        .put("label", messages.text(locale, "timeline-page.skipped", Map.of("cycle", c.number(), "day", day)));
            }
        }
        timeline.remissionSince().ifPresent(r -> data.put("remission", epoch(r))
                .put("remissionLabel", messages.text(locale, "timeline-page.remission", Map.of("date", r))));
        var events = data.putArray("events");
        for (ClinicalFact fact : record.facts()) {
            String kind = EVENT_CONCEPTS.get(fact.concept());
            if (kind != null && fact.date().isPresent() && !fact.date().get().isBefore(from) && !fact.date().get().isAfter(to)) {
                String key = "timeline-page.event." + kind + "." + fact.status().name().toLowerCase(Locale.ROOT);
                events.addObject().put("t", epoch(fact.date().get())).put("kind", kind).put("label", messages.text(locale,
                        messages.has(locale, key) ? key : "timeline-page.event.other", Map.of("date", fact.date().get(), "display", fact.display())));
            }
        }
        for (AdverseEventFact event : record.adverseEvents()) {
            if (event.date().isPresent() && !event.date().get().isBefore(from) && !event.date().get().isAfter(to)) {
                events.addObject().put("t", epoch(event.date().get())).put("kind", event.infusionReaction() ? "infusion" : "adverse")
                        .put("label", messages.text(locale, "timeline-page.event.adverse", Map.of("display", event.display(),
                                "grade", event.grade().map(String::valueOf).orElse("?"), "date", event.date().get())));
            }
        }
        planned.ifPresent(placement -> {
            data.put("planned", epoch(placement.plannedDate())).put("plannedLabel", messages.text(locale,
                    placement.delayDays() > 0 ? "timeline-page.planned.late" : "timeline-page.planned", Map.of("cycle", placement.cycle(),
                            "day", placement.day(), "days", placement.delayDays(), "level", placement.doseLevel())));
        });
        return data;
    }

    /** The clinical events drawn on the timeline, each by its kind in the message bundle ("timeline-page.event.KIND.STATUS"). */
    private static final Map<ClinicalConcept, String> EVENT_CONCEPTS = Map.of(
            ClinicalConcept.VOD_SOS, "vod",
            ClinicalConcept.SEVERE_LIVER_INJURY, "liver",
            ClinicalConcept.HSCT, "hsct",
            ClinicalConcept.INFUSION_REACTION, "infusion");

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

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
