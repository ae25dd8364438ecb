package org.inocds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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

    /** One chart: the analyte, its hold threshold (absolute, or a multiple of the ULN), and its label. */
    private record Chart(Analyte analyte, String label, Optional<BigDecimal> absolute, Optional<BigDecimal> ulnFactor) {}

    private static final List<Chart> CHARTS = List.of(
            new Chart(Analyte.ANC, "ANC /µL", Optional.of(new BigDecimal(1000)), Optional.empty()),
            new Chart(Analyte.PLATELETS, "PLT /µL", Optional.of(new BigDecimal(50000)), Optional.empty()),
            new Chart(Analyte.BILIRUBIN_TOTAL, "T-Bil mg/dL", Optional.empty(), Optional.of(new BigDecimal("1.5"))),
            new Chart(Analyte.AST, "AST U/L", Optional.empty(), Optional.of(new BigDecimal("2.5"))),
            new Chart(Analyte.ALT, "ALT U/L", Optional.empty(), Optional.of(new BigDecimal("2.5"))));

    @GetMapping(value = "/timeline/{patientId}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable("patientId") String patientId,
            @RequestParam(value = "lang", required = false) String lang,
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
        html.append("<!doctype html><html lang=\"").append(ja ? "ja" : "en").append("\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(patientId)).append("</title><style>body{font-family:sans-serif;max-width:60rem;margin:1.5rem auto}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}svg{background:#fafafa}"
                        + ".thr{stroke:#c00;stroke-dasharray:4 3}.dose{stroke:#36c;stroke-width:1}</style></head><body>");
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
        for (Chart chart : CHARTS) {
            html.append(chart(chart, record, timeline.allDoses(), from, today));
        }
        html.append("</body></html>");
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8)).body(html.toString());
    }

    private String chart(Chart chart, PatientRecord record, List<PlacedDose> doses, LocalDate from, LocalDate to) {
        List<LabResult> results = record.results(chart.analyte(), to).stream().filter(r -> !r.date().isBefore(from)).toList();
        StringBuilder svg = new StringBuilder("<h3>").append(esc(chart.label())).append("</h3>");
        if (results.isEmpty()) {
            return svg.append("<p>—</p>").toString();
        }
        Optional<BigDecimal> threshold = chart.absolute().or(() -> chart.ulnFactor().flatMap(f -> results.get(0).upperLimit()
                .or(() -> settings.defaultUpperLimit(chart.analyte())).map(u -> u.multiply(f))));
        double max = results.stream().mapToDouble(r -> r.value().doubleValue()).max().orElse(1);
        max = Math.max(max, threshold.map(BigDecimal::doubleValue).orElse(0.0)) * 1.1;
        int width = 720;
        int height = 140;
        long span = Math.max(1, ChronoUnit.DAYS.between(from, to));
        svg.append("<svg width=\"").append(width).append("\" height=\"").append(height).append("\" role=\"img\">");
        for (PlacedDose d : doses) {
            double x = width * ChronoUnit.DAYS.between(from, d.date()) / (double) span;
            svg.append(String.format(Locale.ROOT, "<line class=\"dose\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"><title>C%dD%d %s</title></line>",
                    x, x, height, d.cycle(), d.day(), d.date()));
        }
        if (threshold.isPresent()) {
            double y = height - height * threshold.get().doubleValue() / max;
            String label = threshold.get().stripTrailingZeros().toPlainString();
            svg.append(String.format(Locale.ROOT, "<line class=\"thr\" x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"><title>%s</title></line>"
                    + "<text x=\"4\" y=\"%.1f\" font-size=\"11\" fill=\"#c00\">%s</text>", y, width, y, label, Math.max(11, y - 3), label));
        }
        StringBuilder points = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = results.size() - 1; i >= 0; i--) {
            LabResult r = results.get(i);
            double x = width * ChronoUnit.DAYS.between(from, r.date()) / (double) span;
            double y = height - height * r.value().doubleValue() / max;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>%s %s</title></circle>", x, y,
                    esc(r.value().stripTrailingZeros().toPlainString()), r.date()));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#333\" points=\"").append(points.toString().trim()).append("\"/>")
                .append(dots).append("</svg>");
        return svg.toString();
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
