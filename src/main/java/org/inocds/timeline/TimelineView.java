package org.inocds.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import org.inocds.cards.CardMessages;
import org.inocds.cards.CardRenderer;
import org.inocds.record.AdverseEventFact;
import org.inocds.record.Analyte;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.record.LabResult;
import org.inocds.record.PatientRecord;
import org.inocds.regimen.BsaInputs;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.PlacedDose;
import org.inocds.regimen.RegimenCycle;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.rules.family.HematologicHoldRule;
import org.inocds.rules.family.HepaticRule;
import org.inocds.rules.PatientReview;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.UpperLimit;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The regimen timeline as an HTML page (docs/design.md "Regimen timeline page"): the patient's course as the service
 * reconstructs it from the same record reader and {@link RegimenTimeline} as the cards, the very table the dosing cards
 * carry, and the laboratory trends that decide holds drawn against their thresholds with the doses marked. Where the
 * record came from is the caller's business: the demo sandbox's store ({@code sandbox/TimelinePage}) or the EHR's FHIR
 * server read with the SMART app's token ({@code smart/SmartAppController}).
 */
@Component
public class TimelineView {

    private final RuleSettings settings;
    private final Clock clock;
    private final ZoneId siteZone;
    private final ObjectMapper mapper;
    private final CardMessages messages;
    private final CardRenderer renderer;
    private final ITemplateEngine templates;

    private static final List<Extension> GFM = List.of(TablesExtension.create());
    private static final Parser MARKDOWN_PARSER = Parser.builder().extensions(GFM).build();
    private static final HtmlRenderer MARKDOWN = HtmlRenderer.builder().extensions(GFM).escapeHtml(true).sanitizeUrls(true).build();

    public TimelineView(RuleSettings settings, Clock clock, ZoneId siteZone, ObjectMapper mapper, CardMessages messages,
            CardRenderer renderer, ITemplateEngine templates) {
        this.settings = settings;
        this.clock = clock;
        this.siteZone = siteZone;
        this.mapper = mapper;
        this.messages = messages;
        this.renderer = renderer;
        this.templates = templates;
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

    /** An order planned on a date written as {@code yyyy-MM-dd}; anything else is no date (the page ignores it). */
    public static Optional<LocalDate> plannedDate(String text) {
        return Optional.ofNullable(text).filter(p -> p.matches("\\d{4}-\\d{2}-\\d{2}")).flatMap(p -> {
            try {
                return Optional.of(LocalDate.parse(p));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** The order being composed, as the card's link or the SMART launch's appContext carries it: its date, and its mg if given. */
    public record Draft(LocalDate plannedDate, Optional<BigDecimal> mg) {}

    /** An mg written as a plain decimal ("1.6"); anything else is no dose (the page ignores it). */
    public static Optional<BigDecimal> mg(String text) {
        return Optional.ofNullable(text).filter(t -> t.matches("\\d{1,3}(\\.\\d{1,4})?")).map(BigDecimal::new);
    }

    /**
     * The page of one patient (template {@code timeline.html}).
     *
     * @param patientId the patient's id (shown beside the name; escaped by the engine)
     * @param name how the EHR names the patient (reader/PatientName), if it does
     * @param draft the order being composed (from the card's link or the SMART launch), drawn where it would fall
     * @param notices lines shown above the table, as text (escaped by the engine): what the page could not read
     */
    public String page(String patientId, Optional<String> name, PatientRecord record, Optional<Draft> draft, List<String> notices,
            Locale locale) {
        RegimenTimeline timeline = PatientReview.timeline(record, settings);
        LocalDate today = LocalDate.ofInstant(clock.instant(), siteZone); // the site's today (docs/design.md "Dates")
        Optional<LocalDate> planned = draft.map(Draft::plannedDate);
        Optional<OrderPlacement> placement = planned.map(p -> timeline.place(p, Optional.empty()));
        LocalDate from = timeline.isEmpty() ? today.minusDays(30) : timeline.cycles().get(0).day1().minusDays(14);
        LocalDate to = planned.filter(p -> p.isAfter(today)).orElse(today).plusDays(7);
        Map<String, Object> page = new HashMap<>();
        page.put("lang", locale.getLanguage());
        page.put("languages", messages.languageNames());
        page.put("patient", name.orElse(patientId));
        page.put("patientId", patientId);
        page.put("title", Map.of("patient", name.orElse(patientId)));
        page.put("facts", header(record, timeline, today, locale));
        page.put("draft", draft.flatMap(d -> placement.map(p -> draftLabel(p, d.mg(), locale))).orElse(null));
        page.put("notices", notices);
        // the very table the dosing cards carry, rendered from the same markdown (raw HTML in it is escaped by commonmark)
        page.put("table", timeline.isEmpty() ? null
                : MARKDOWN.render(MARKDOWN_PARSER.parse(renderer.timelineMarkdown(timeline, placement, locale))));
        // raw text inside the script element: "<" is escaped as JSON allows, so nothing can close the element
        page.put("data", data(record, timeline, from, to, locale, placement, draft.flatMap(Draft::mg)).toString().replace("<", "\\u003c"));
        return templates.process("timeline", new Context(locale, page));
    }

    /**
     * What a prescriber checks first, on the site's today: age (from the birth date) and sex, the BSA the next dose would be
     * computed on with the dates of the weight and height (or the recorded BSA) it comes from, and where the course stands.
     */
    private List<String> header(PatientRecord record, RegimenTimeline timeline, LocalDate today, Locale locale) {
        List<String> facts = new ArrayList<>();
        String sex = messages.text(locale, "timeline-page.header.sex." + record.sex().name().toLowerCase(Locale.ROOT));
        facts.add(record.ageOn(today).map(age -> messages.text(locale, "timeline-page.header.age", Map.of("age", age, "sex", sex,
                "birth", record.birthDate().get()))).orElse(messages.text(locale, "timeline-page.header.no-age", Map.of("sex", sex))));
        var outcome = settings.bsaOn(record, today);
        if (outcome.bsa().isPresent()) {
            var bsa = outcome.bsa().get();
            String m2 = bsa.squareMeters().setScale(2, RoundingMode.HALF_UP).toPlainString();
            facts.add(bsa.recorded().map(r -> messages.text(locale, "timeline-page.header.bsa.recorded", Map.of("bsa", m2, "date", r.date())))
                    .orElseGet(() -> messages.text(locale, "timeline-page.header.bsa", Map.of("bsa", m2,
                            "weight", bsa.weight().get().value().stripTrailingZeros().toPlainString(), "weightDate", bsa.weight().get().date(),
                            "height", bsa.height().get().value().stripTrailingZeros().toPlainString(), "heightDate", bsa.height().get().date()))));
        } else {
            facts.add(BsaInputs.nearest(record, today, settings.dosing().bsaFormula())
                    .map(n -> messages.text(locale, "timeline-page.header.bsa.outdated", Map.of("bsa",
                            n.squareMeters().setScale(2, RoundingMode.HALF_UP).toPlainString(), "date", n.measuredOn())))
                    .orElse(messages.text(locale, "timeline-page.header.bsa.none")));
        }
        if (timeline.isEmpty()) {
            facts.add(messages.text(locale, "timeline-page.header.position.none"));
        } else {
            PlacedDose last = timeline.allDoses().get(timeline.allDoses().size() - 1);
            RegimenCycle cycle = timeline.cycles().get(timeline.cycles().size() - 1);
            OrderPlacement next = timeline.place(timeline.nextDoseDate(today), Optional.empty());
            facts.add(messages.text(locale, "timeline-page.header.position", Map.of("cycle", cycle.number(), "level", cycle.doseLevel(),
                    "last", "C" + last.cycle() + "D" + last.day(), "lastDate", last.date(),
                    "next", "C" + next.cycle() + "D" + next.day(), "nextDate", next.plannedDate())));
        }
        return facts;
    }

    private String draftLabel(OrderPlacement placement, Optional<BigDecimal> mg, Locale locale) {
        return messages.text(locale, placement.delayDays() > 0 ? "timeline-page.draft.late" : "timeline-page.draft", Map.of(
                "cycle", placement.cycle(), "day", placement.day(), "days", placement.delayDays(), "level", placement.doseLevel(),
                "date", placement.plannedDate(), "mg", mg.map(m -> " " + m.stripTrailingZeros().toPlainString() + " mg").orElse("")));
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
            Optional<OrderPlacement> planned, Optional<BigDecimal> plannedMg) {
        ObjectNode data = mapper.createObjectNode();
        data.put("lang", locale.getLanguage()).put("from", epoch(from)).put("to", epoch(to));
        var words = data.putObject("words");
        for (String key : List.of("date", "no-results", "hold-threshold", "legend", "beyond")) {
            words.put(key, messages.text(locale, "timeline-page.chart." + key));
        }
        var panes = data.putArray("panes");
        for (Chart chart : CHARTS) {
            List<LabResult> results = record.results(chart.analyte(), to).stream().filter(r -> !r.date().isBefore(from)).toList();
            String title = messages.text(locale, "timeline-page.analyte." + chart.analyte().name().toLowerCase(Locale.ROOT));
            // the side of the threshold a result is marked on: a count holds below it (-1), a liver test above it (1)
            ObjectNode pane = panes.addObject().put("title", title + " " + chart.unit()).put("unit", chart.unit())
                    .put("side", chart.absolute().isPresent() ? -1 : 1);
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
        planned.ifPresent(placement -> data.put("planned", epoch(placement.plannedDate()))
                .put("plannedLabel", draftLabel(placement, plannedMg, locale)));
        return data;
    }

    /** The clinical events drawn on the timeline, each by its kind in the message bundle ("timeline-page.event.KIND.STATUS"). */
    private static final Map<ClinicalConcept, String> EVENT_CONCEPTS = Map.of(
            ClinicalConcept.VOD_SOS, "vod",
            ClinicalConcept.SEVERE_LIVER_INJURY, "liver",
            ClinicalConcept.HSCT, "hsct",
            ClinicalConcept.INFUSION_REACTION, "infusion");

}
