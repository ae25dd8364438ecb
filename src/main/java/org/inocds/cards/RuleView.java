package org.inocds.cards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.inocds.record.Analyte;
import org.inocds.regimen.BsaFormula;
import org.inocds.rules.Indicator;
import org.inocds.rules.LabelSection;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleBook;
import org.inocds.rules.RuleId;
import org.inocds.rules.RuleReview;
import org.inocds.rules.RuleSettings;
import org.inocds.rules.Threshold;
import org.springframework.stereotype.Component;

/**
 * What the rule pages show of a rule, in a language, read from the declarations the service runs on: {@link RuleId} (family,
 * citations, what it reads, indicators), the families' {@link Rule#thresholds thresholds} with the settings in force
 * ({@link RuleSettings}, the service's own), the code sets of {@code knowledge}, {@link RuleReview} and the example cards
 * ({@link RuleExamples}). Words only, never markup: the templates lay them out.
 */
@Component
public class RuleView {

    private final CardMessages messages;
    private final RuleBook book;
    private final RuleSettings settings;
    private final CodeSets codeSets;
    private final RuleExamples examples;

    public RuleView(CardMessages messages, RuleBook book, RuleSettings settings, CodeSets codeSets, RuleExamples examples) {
        this.messages = messages;
        this.book = book;
        this.settings = settings;
        this.codeSets = codeSets;
        this.examples = examples;
    }

    /** One threshold as a page writes it: what it is, the value in force with its unit, where it comes from. */
    public record ThresholdLine(String name, String value, String origin, String setting, String line) {}

    /** A rule's line in {@code /rules}. */
    public record Summary(String code, String title, String sections, List<Badge> indicators, List<ThresholdLine> thresholds) {}

    /** An indicator a rule's cards carry: its code (for the style) and its word. */
    public record Badge(String code, String text) {}

    /** A related rule and why it is related. */
    public record Related(String code, String title, String why) {}

    /** A result the rule reads: its name, unit and the codes that recognise it. */
    public record AnalyteLine(String name, String unit, String valueSet, List<String> codes) {}

    /** A part of the record the rule reads (its prefetch key). */
    public record PartLine(String key, String name) {}

    /** The rule page. */
    public record Page(Summary summary, String source, String explanation, List<String> citations, List<PartLine> parts,
            List<AnalyteLine> analytes, boolean draftOrders, List<Related> related, Optional<RuleExamples.Example> example,
            String exampleFrom, String noExample, String reviewed, String reviewBasis) {}

    public Summary summary(RuleId rule, Locale locale) {
        List<Badge> indicators = ordered(rule.indicators()).stream()
                .map(i -> new Badge(i.code(), messages.text(locale, "rule-page.indicator." + i.code()))).toList();
        return new Summary(rule.code(), messages.text(locale, rule.pageKey("title")), messages.section(locale, rule), indicators,
                thresholds(rule).stream().map(t -> line(t, locale)).toList());
    }

    public Page page(RuleId rule, Locale locale) {
        List<String> citations = rule.cites().stream().map(c -> citation(c, locale)).toList();
        List<PartLine> parts = rule.reads().parts().stream()
                .map(p -> new PartLine(p.key(), messages.text(locale, "rule-page.part." + p.key()))).toList();
        List<AnalyteLine> analytes = rule.reads().analytes().stream().map(a -> analyte(a, locale)).toList();
        var reviewed = RuleReview.of(rule);
        Optional<RuleExamples.Example> example = examples.of(rule, locale);
        Summary summary = summary(rule, locale);
        return new Page(summary, messages.text(locale, "source.label", Map.of("section", summary.sections())),
                messages.text(locale, rule.pageKey("explanation")), citations, parts, analytes,
                rule.reads().draftOrders(), related(rule, locale), example,
                example.map(e -> messages.text(locale, "rule-page.example.from", Map.of("scenario", e.scenario(), "hook", e.hook()))).orElse(""),
                example.isPresent() ? "" : messages.text(locale, "rule-page.no-example." + (examples.hasAny(rule) ? "language" : examples.whyNone(rule))),
                reviewed.date().toString(), messages.text(locale, "rule-page.review." + reviewed.basis().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-'), Map.of("date", reviewed.date())));
    }

    /** The thresholds the rule's family declares for it, with the values in force. */
    public List<Threshold> thresholds(RuleId rule) {
        return book.rules().stream().filter(f -> f.ids().contains(rule)).findFirst()
                .map(f -> f.thresholds(settings).stream().filter(t -> t.appliesTo(rule)).toList()).orElse(List.of());
    }

    private ThresholdLine line(Threshold t, Locale locale) {
        Object value = t.value() instanceof Boolean on ? messages.text(locale, "rule-page.switch." + (on ? "on" : "off"))
                : t.value() instanceof BsaFormula formula ? messages.text(locale, "bsa-formula." + formula.name()) : t.value();
        String unit = "rule-page.unit." + t.unit().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String name = messages.text(locale, "rule-page.threshold." + t.name());
        String written = messages.text(locale, unit, Map.of("value", value));
        return new ThresholdLine(name, written, messages.text(locale, "rule-page.origin." + t.origin().name().toLowerCase(Locale.ROOT)),
                t.setting().orElse(""), messages.text(locale, "rule-page.threshold-line", Map.of("name", name, "value", written)));
    }

    private String citation(LabelSection.Citation c, Locale locale) {
        String words = messages.text(locale, c.section().messageKey());
        String citation = c.item().isEmpty() ? words : messages.text(locale, "label.citation.item", Map.of("section", words, "item", c.item()));
        return c.heading().map(h -> messages.text(locale, "label.citation.heading", Map.of("citation", citation, "heading",
                messages.text(locale, h.messageKey())))).orElse(citation);
    }

    private AnalyteLine analyte(Analyte a, Locale locale) {
        List<String> codes = new ArrayList<>();
        Optional<CodeSet> set = codeSets.find(a.valueSetUrl());
        if (set.isPresent()) {
            Map<String, Set<String>> bySystem = new TreeMap<>();
            for (String sc : set.get().systemAndCodes()) {
                int bar = sc.indexOf('|');
                bySystem.computeIfAbsent(sc.substring(0, bar), k -> new TreeSet<>()).add(sc.substring(bar + 1));
            }
            for (CodeSet.Prefix p : set.get().prefixes()) {
                bySystem.computeIfAbsent(p.system(), k -> new TreeSet<>()).add(messages.text(locale, "rule-page.code-prefix",
                        Map.of("prefix", p.prefix())));
            }
            bySystem.forEach((system, list) -> codes.add(system + ": " + String.join(", ", list)));
        }
        return new AnalyteLine(messages.text(locale, "analyte." + a.name()), a.unit(), a.valueSetUrl(), codes);
    }

    /** The rules of the same family, then those citing the same place of the label, then those reading the same results. */
    private List<Related> related(RuleId rule, Locale locale) {
        Set<RuleId> seen = new LinkedHashSet<>();
        List<Related> out = new ArrayList<>();
        for (RuleId other : RuleId.values()) {
            if (other != rule && other.family() == rule.family() && seen.add(other)) {
                out.add(related(other, "family", locale));
            }
        }
        for (RuleId other : RuleId.values()) {
            boolean sameCitation = other.cites().stream().anyMatch(c -> c.section() != LabelSection.NONE && rule.cites().contains(c));
            if (other != rule && sameCitation && seen.add(other)) {
                out.add(related(other, "citation", locale));
            }
        }
        for (RuleId other : RuleId.values()) {
            boolean sameResults = other.reads().analytes().stream().anyMatch(rule.reads().analytes()::contains);
            if (other != rule && sameResults && seen.add(other)) {
                out.add(related(other, "results", locale));
            }
        }
        return out;
    }

    private Related related(RuleId other, String why, Locale locale) {
        return new Related(other.code(), messages.text(locale, other.pageKey("title")), messages.text(locale, "rule-page.related." + why));
    }

    /** The indicators as the pages order them: critical first. */
    static List<Indicator> ordered(Set<Indicator> indicators) {
        return indicators.stream().sorted((a, b) -> b.compareTo(a)).toList();
    }
}
