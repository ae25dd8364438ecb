package org.inocds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.inocds.cdshooks.CallLanguage;
import org.inocds.prefetch.PatientData;
import org.inocds.prefetch.PrefetchOutcome;
import org.inocds.record.Analyte;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.record.PatientRecordReader;
import org.inocds.regimen.PlacedDose;
import org.inocds.regimen.RegimenCycle;
import org.inocds.rules.PatientReview;
import org.inocds.rules.RuleSettings;
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
    private final ThreadLocal<IParser> parser;
    private final ObjectMapper mapper;

    public TimelinePage(SandboxStore store, PatientRecordReader reader, RuleSettings settings, CallLanguage language, Clock clock,
            FhirContext fhir, ObjectMapper mapper) {
        this.store = store;
        this.reader = reader;
        this.settings = settings;
        this.language = language;
        this.clock = clock;
        this.parser = ThreadLocal.withInitial(fhir::newJsonParser);
        this.mapper = mapper;
    }

    /**
     * One pane: the analyte, its unit, its hold threshold (absolute, or a multiple of the ULN: HEM-1/HEM-2 1,000/µL and
     * 50,000/µL; HEP-2 1.5 × and 2.5 × ULN), and its title in each language.
     */
    private record Chart(Analyte analyte, String en, String ja, String unit, Optional<BigDecimal> absolute, Optional<BigDecimal> ulnFactor) {}

    private static final List<Chart> CHARTS = List.of(
            new Chart(Analyte.ANC, "Neutrophils (ANC)", "好中球数（ANC）", "/µL", Optional.of(new BigDecimal(1000)), Optional.empty()),
            new Chart(Analyte.PLATELETS, "Platelets", "血小板数", "/µL", Optional.of(new BigDecimal(50000)), Optional.empty()),
            new Chart(Analyte.BILIRUBIN_TOTAL, "Total bilirubin", "総ビリルビン", "mg/dL", Optional.empty(), Optional.of(new BigDecimal("1.5"))),
            new Chart(Analyte.AST, "AST", "AST", "U/L", Optional.empty(), Optional.of(new BigDecimal("2.5"))),
            new Chart(Analyte.ALT, "ALT", "ALT", "U/L", Optional.empty(), Optional.of(new BigDecimal("2.5"))));

    @GetMapping(value = "/timeline/{patientId}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable("patientId") String patientId,
            @RequestParam(value = "lang", required = false) String lang,
            @RequestParam(value = "planned", required = false) String plannedParam,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        boolean ja = language.choose(lang != null ? lang : acceptLanguage).getLanguage().equals("ja");
        if (!patientId.matches("[A-Za-z0-9\\-.]{1,64}") || store.get("Patient", patientId).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).body("<!doctype html><p>Unknown patient</p>");
        }
        PatientRecord record = reader.read(new PatientData(patientId, Map.of("sandbox",
                new PrefetchOutcome("sandbox", PrefetchOutcome.Status.FETCHED, resourcesOf(patientId), Optional.empty()))));
        var timeline = PatientReview.timeline(record, settings);
        LocalDate today = LocalDate.now(clock);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html lang=\"").append(ja ? "ja" : "en").append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\"><title>")
                .append(esc(patientId)).append("</title><style>body{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;"
                        + "max-width:72rem;margin:1.5rem auto;padding:0 1rem}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:.2rem .5rem}.pane{margin:.5rem 0 1.2rem}"
                        + ".pane h3{margin:.2rem 0;font-size:1rem}</style></head><body>");
        html.append("<h1>").append(ja ? "投与経過：" : "Regimen timeline: ").append(esc(patientId)).append("</h1>");
        html.append("<p><a href=\"?lang=ja\">日本語</a> · <a href=\"?lang=en\">English</a></p>");
        if (timeline.isEmpty()) {
            html.append("<p>").append(ja ? "本剤の投与記録はありません。" : "No inotuzumab on record.").append("</p>");
        } else {
            html.append("<table><tr><th>").append(ja ? "サイクル" : "Cycle").append("</th><th>").append(ja ? "1 日目" : "Day 1")
                    .append("</th><th>").append(ja ? "用量レベル" : "Level").append("</th><th>").append(ja ? "投与" : "Doses")
                    .append("</th><th>").append(ja ? "スキップ" : "Skipped").append("</th></tr>");
            for (RegimenCycle c : timeline.cycles()) {
                List<String> doses = new ArrayList<>();
                for (PlacedDose d : c.doses()) {
                    doses.add("D" + d.day() + " " + d.date() + (d.delayDays() > 0 ? " (+" + d.delayDays() + ")" : "")
                            + d.mg().map(mg -> " " + mg.stripTrailingZeros().toPlainString() + " mg").orElse(""));
                }
                html.append("<tr><td>").append(c.number()).append("</td><td>").append(c.day1()).append("</td><td>").append(c.doseLevel())
                        .append("</td><td>").append(esc(String.join(" · ", doses))).append("</td><td>")
                        .append(c.skippedDays().isEmpty() ? "—" : esc(c.skippedDays().toString())).append("</td></tr>");
            }
            html.append("</table>");
            timeline.remissionSince().ifPresent(r -> html.append("<p>CR/CRi: ").append(r).append("</p>"));
        }
        LocalDate from = timeline.isEmpty() ? today.minusDays(30) : timeline.cycles().get(0).day1().minusDays(14);
        // the order being composed, where it would fall (the demo page passes its planned date); an unreadable date is ignored
        Optional<LocalDate> planned = Optional.ofNullable(plannedParam).filter(p -> p.matches("\\d{4}-\\d{2}-\\d{2}")).flatMap(p -> {
            try {
                return Optional.of(LocalDate.parse(p));
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        });
        LocalDate to = planned.filter(p -> p.isAfter(today)).orElse(today).plusDays(7);
        html.append("<h2>").append(ja ? "検査値の推移と休薬基準" : "Laboratory trends and hold thresholds").append("</h2>")
                .append("<div id=\"charts\"></div>")
                .append("<script type=\"application/json\" id=\"timeline-data\">")
                // raw text inside the script element: "<" is escaped as JSON allows, so nothing can close the element
                .append(data(record, timeline, from, to, ja, planned).toString().replace("<", "\\u003c")).append("</script>")
                .append("<link rel=\"stylesheet\" href=\"/webjars/uplot/1.6.30/dist/uPlot.min.css\">")
                .append("<script src=\"/webjars/uplot/1.6.30/dist/uPlot.iife.min.js\"></script>")
                .append("<script src=\"/timeline.js\"></script>");
        html.append("</body></html>");
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8)).body(html.toString());
    }

    private static long epoch(LocalDate d) {
        return d.atTime(12, 0).toEpochSecond(java.time.ZoneOffset.UTC);
    }

    /**
     * What the charts draw (read by {@code /timeline.js} from a JSON block, so the page needs no inline script):
     * one pane per analyte with its results, unit and threshold (and the ULN's origin); the doses given with cycle, day,
     * mg and level; the cycles; each late dose's hold; skipped doses; CR/CRi.
     */
    private ObjectNode data(PatientRecord record, org.inocds.regimen.RegimenTimeline timeline, LocalDate from, LocalDate to, boolean ja,
            Optional<LocalDate> planned) {
        ObjectNode data = mapper.createObjectNode();
        data.put("lang", ja ? "ja" : "en").put("from", epoch(from)).put("to", epoch(to));
        var panes = data.putArray("panes");
        for (Chart chart : CHARTS) {
            List<LabResult> results = record.results(chart.analyte(), to).stream().filter(r -> !r.date().isBefore(from)).toList();
            ObjectNode pane = panes.addObject().put("title", (ja ? chart.ja() : chart.en()) + " " + chart.unit()).put("unit", chart.unit());
            var points = pane.putArray("points");
            for (int i = results.size() - 1; i >= 0; i--) {
                LabResult r = results.get(i);
                points.addArray().add(epoch(r.date())).add(r.value());
            }
            if (chart.absolute().isPresent()) {
                pane.put("threshold", chart.absolute().get()).put("thresholdLabel",
                        String.format(Locale.ROOT, "%,d %s", chart.absolute().get().intValue(), chart.unit()));
            } else {
                Optional<BigDecimal> own = results.isEmpty() ? Optional.empty() : results.get(0).upperLimit();
                Optional<BigDecimal> uln = own.or(() -> settings.defaultUpperLimit(chart.analyte()));
                uln.ifPresent(u -> pane.put("threshold", u.multiply(chart.ulnFactor().get())).put("thresholdLabel",
                        chart.ulnFactor().get().toPlainString() + " × ULN " + u.stripTrailingZeros().toPlainString() + " "
                                + (own.isPresent() ? (ja ? "（検査の基準範囲）" : "(the result's range)") : (ja ? "（施設設定）" : "(site default)"))
                                + " = " + u.multiply(chart.ulnFactor().get()).stripTrailingZeros().toPlainString()));
            }
        }
        var doses = data.putArray("doses");
        var holds = data.putArray("holds");
        for (PlacedDose d : timeline.allDoses()) {
            doses.addObject().put("t", epoch(d.date())).put("label", "C" + d.cycle() + "D" + d.day()
                    + d.mg().map(mg -> " " + mg.stripTrailingZeros().toPlainString() + " mg").orElse("")
                    + (d.partial() ? (ja ? "（途中中止）" : " (partial)") : ""));
            if (d.delayDays() > 0) {
                holds.addObject().put("from", epoch(d.scheduled())).put("to", epoch(d.date()))
                        .put("label", (ja ? "遅れ " : "late ") + d.delayDays() + (ja ? " 日" : " d"));
            }
        }
        var cycles = data.putArray("cycles");
        var skipped = data.putArray("skipped");
        for (RegimenCycle c : timeline.cycles()) {
            cycles.addObject().put("from", epoch(c.day1())).put("to", epoch(c.day1().plusDays(c.lengthDays())))
                    .put("label", "C" + c.number() + (ja ? " レベル " : " level ") + c.doseLevel());
            for (int day : c.skippedDays()) {
                skipped.addObject().put("t", epoch(c.day1().plusDays(day - 1)))
                        .put("label", "C" + c.number() + "D" + day + (ja ? " スキップ" : " skipped"));
            }
        }
        timeline.remissionSince().ifPresent(r -> data.put("remission", epoch(r)).put("remissionLabel", "CR/CRi " + r));
        planned.ifPresent(p -> {
            var placement = timeline.place(p, Optional.empty());
            data.put("planned", epoch(p)).put("plannedLabel", (ja ? "オーダー予定 " : "order planned ") + "C" + placement.cycle() + "D"
                    + placement.day() + (placement.delayDays() > 0 ? (ja ? " 遅れ " : " late ") + placement.delayDays() + (ja ? " 日" : " d") : "")
                    + (ja ? " レベル " : " level ") + placement.doseLevel());
        });
        return data;
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

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
