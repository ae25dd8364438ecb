package org.inocds.cards;

import org.inocds.reader.FhirIds;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.inocds.protocol.CdsJson;
import org.inocds.record.Analyte;
import org.inocds.record.ChartText;
import org.inocds.record.Derivation;
import org.inocds.regimen.BodySurfaceArea;
import org.inocds.regimen.ExpectedDose;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.RegimenTimeline;
import org.inocds.regimen.Remission;
import org.inocds.rules.Bullets;
import org.inocds.rules.DoseEvidence;
import org.inocds.rules.Finding;
import org.inocds.rules.Indicator;
import org.inocds.rules.OrderChange;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.Phrase;
import org.inocds.rules.RuleId;
import org.inocds.rules.UnitOf;
import org.inocds.rules.family.DoseModificationRule;
import org.inocds.rules.family.ScheduleRule;
import org.springframework.stereotype.Component;

/**
 * Finding → CDS Hooks card (docs/design.md "Card contract"): summary and markdown detail in the requested
 * language with the values, units, dates and label section used; source with the label edition, the rule
 * page and the topic; the {@code inocds.finding} extension; suggestions and override reasons.
 */
@Component
public class CardRenderer {

    public static final String TOPIC_SYSTEM = "http://inocds.org/fhir/CodeSystem/card-topic";
    public static final String OVERRIDE_SYSTEM = "http://inocds.org/fhir/CodeSystem/override-reason";
    public static final String EXTENSION_KEY = "inocds.finding";
    /** CDS Hooks 2.0: the summary is under 140 characters. */
    static final int MAX_SUMMARY = 139;

    private final CardMessages messages;
    private final OrderSuggestions suggestions;
    private final TimelineTable timeline;

    /**
     * The label's own figures, open to every message ({@code {minIntervalDays}}, …) so that no text repeats a number the
     * code decides by: each is the constant the regimen or the rule judges with.
     */
    static final Map<String, Object> LABEL_FIGURES = Map.of(
            "minIntervalDays", ScheduleRule.MIN_DAYS_BETWEEN_DOSES,
            "omitAfterDays", ScheduleRule.OMIT_AFTER_DELAY_DAYS,
            "levelHoldDays", RegimenTimeline.HOLD_RAISING_LEVEL_DAYS,
            "longHoldDays", DoseModificationRule.CONSIDER_DISCONTINUATION_AFTER_DAYS,
            "cycle1Days", RegimenTimeline.CYCLE1_DAYS,
            "cycle1ExtendedDays", RegimenTimeline.CYCLE1_EXTENDED_DAYS,
            "laterCycleDays", RegimenTimeline.LATER_CYCLE_DAYS,
            "remissionBloodWindowDays", Remission.PERIPHERAL_WINDOW_DAYS);

    public CardRenderer(CardMessages messages, OrderSuggestions suggestions) {
        this.messages = messages;
        this.suggestions = suggestions;
        this.timeline = new TimelineTable(messages);
    }

    /**
     * The reconstructed regimen as the dosing cards show it (markdown): the timeline page renders this same text, so the
     * page and the cards cannot tell two stories.
     */
    public String timelineMarkdown(RegimenTimeline regimen, Optional<OrderPlacement> order, Locale locale) {
        return timeline.render(regimen, order, locale);
    }

    public List<CdsJson.Card> render(List<Finding> findings, RenderContext ctx) {
        return findings.stream().map(f -> render(f, ctx)).toList();
    }

    /**
     * The card of a finding, without ids (card and suggestions): {@code cdshooks/CardIdentity} gives them from what the
     * card is, once it is complete.
     */
    public CdsJson.Card render(Finding finding, RenderContext ctx) {
        Locale locale = ctx.locale();
        Map<String, Object> params = new LinkedHashMap<>(LABEL_FIGURES);
        finding.params().forEach((name, value) -> params.put(name, worded(value, locale)));
        finding.dose().ifPresent(dose -> {
            params.putAll(doseParams(dose));
            params.put("levelText", messages.text(locale, "dose.level." + dose.position().doseLevel()));
        });

        String summary = CardText.plainSummary(clip(messages.text(locale, finding.messageKey() + ".summary", params)));
        StringBuilder detail = new StringBuilder(messages.text(locale, finding.messageKey() + ".detail", params));
        for (Object value : finding.params().values()) {
            if (value instanceof Bullets bullets && !bullets.lines().isEmpty()) {
                detail.append("\n");
                for (Phrase line : bullets.lines()) {
                    Map<String, Object> lineValues = new LinkedHashMap<>(params);
                    line.values().forEach((name, v) -> lineValues.put(name, worded(v, locale)));
                    detail.append("\n- ").append(messages.text(locale, line.key(), lineValues));
                }
            }
        }
        finding.dose().ifPresent(dose -> detail.append("\n\n").append(doseTable(dose, locale)));
        finding.dose().flatMap(DoseEvidence::timeline).filter(t -> !t.isEmpty())
                .ifPresent(t -> detail.append("\n\n").append(timeline.render(t, finding.dose().get().placement(), locale)));
        String primary = finding.primaryRule();
        String section = messages.section(locale, finding.primary());
        detail.append("\n\n").append(messages.text(locale, "card.label-section",
                Map.of("rules", String.join(", ", finding.rules()), "section", section)));

        var topic = new CdsJson.Coding(TOPIC_SYSTEM, finding.topic().code(),
                messages.text(locale, "topic." + finding.topic().code()));
        var source = new CdsJson.Source(
                messages.text(locale, "source.label", Map.of("section", section)),
                ctx.baseUrl() + "/rules/" + primary, topic);

        List<CdsJson.Suggestion> cardSuggestions = finding.change()
                .map(change -> change instanceof OrderChange.CreatePremedication create
                        ? premedicationSuggestions(create, ctx)
                        : suggestion(change, ctx).map(List::of).orElse(List.of()))
                .orElse(List.of());
        List<CdsJson.Coding> reasons = new ArrayList<>();
        for (OverrideReason reason : finding.overrideReasons()) {
            reasons.add(new CdsJson.Coding(OVERRIDE_SYSTEM, reason.code(),
                    messages.text(locale, "override." + reason.code())));
        }
        List<CdsJson.Link> links = new ArrayList<>();
        ctx.timelineUrl().ifPresent(url -> links.add(new CdsJson.Link(messages.text(locale, "card.timeline-link"), url,
                CdsJson.LinkType.ABSOLUTE)));
        // where the site registered the SMART app (inocds.smart.launch-url), the EHR launches it with the order being
        // composed as appContext (CDS Hooks "Link": type smart; docs/design.md "SMART app")
        ctx.smartLaunchUrl().ifPresent(url -> links.add(new CdsJson.Link(messages.text(locale, "card.smart-link"), url,
                CdsJson.LinkType.SMART, finding.dose().map(CardRenderer::appContext).orElse(null))));

        return new CdsJson.Card(
                null,
                summary,
                detail.toString(),
                indicator(finding.indicator()),
                source,
                cardSuggestions,
                cardSuggestions.isEmpty() ? null
                        : finding.change().get() instanceof OrderChange.CreatePremedication
                                ? CdsJson.SelectionBehavior.ANY : CdsJson.SelectionBehavior.AT_MOST_ONE,
                reasons,
                links,
                Map.of(EXTENSION_KEY, extension(finding)));
    }

    /**
     * The order being composed, for the SMART app: its planned date and ordered mg, as the JSON text CDS Hooks carries in
     * {@code appContext}; read back by {@code smart/SmartAppController}. No patient id: the launch names the patient.
     */
    static String appContext(DoseEvidence dose) {
        var context = JsonNodeFactory.instance.objectNode().put("plannedDate", dose.plannedDate().toString());
        dose.orderedMg().ifPresent(mg -> context.put("doseMg", mg.stripTrailingZeros().toPlainString()));
        return context.toString();
    }

    /** One suggestion per premedication order, any number of which may be taken. */
    private List<CdsJson.Suggestion> premedicationSuggestions(OrderChange.CreatePremedication create, RenderContext ctx) {
        List<CdsJson.Suggestion> out = new ArrayList<>();
        for (var item : create.items()) {
            Map<String, Object> p = Map.of("drug", item.display(), "dose", item.dose().stripTrailingZeros().toPlainString() + " " + item.unit(),
                    "route", item.routeDisplay());
            suggestions.premedication(item, ctx.patientId(), create.date()).ifPresent(resource -> out.add(new CdsJson.Suggestion(
                    messages.text(ctx.locale(), "suggestion.premedication.label", p), null, true,
                    List.of(new CdsJson.Action(CdsJson.ActionType.CREATE, messages.text(ctx.locale(), "suggestion.premedication.description", p),
                            resource, null)))));
        }
        return out;
    }

    private Optional<CdsJson.Suggestion> suggestion(OrderChange change, RenderContext ctx) {
        Locale locale = ctx.locale();
        if (change instanceof OrderChange.ChangeDose dose) {
            var draft = ctx.draftOrders().get(dose.orderReference());
            if (draft == null) {
                return Optional.empty();
            }
            Map<String, Object> p = Map.of("mg", dose.doseMg());
            Optional<ObjectNode> medication = Optional.ofNullable(draft.path("medicationReference").path("reference").textValue())
                    .flatMap(FhirIds::medicationId).map(id -> ctx.draftOrders().get("Medication/" + id));
            return suggestions.withDose(draft, dose.doseMg(), dose.mgPerM2(), medication).map(resource -> new CdsJson.Suggestion(
                    messages.text(locale, "suggestion.change-dose.label", p),
                    null, true,
                    List.of(new CdsJson.Action(CdsJson.ActionType.UPDATE,
                            messages.text(locale, "suggestion.change-dose.description", p), resource, null))));
        }
        if (!(change instanceof OrderChange.CancelOrder cancel)) {
            return Optional.empty();
        }
        return Optional.of(new CdsJson.Suggestion(
                messages.text(locale, "suggestion.cancel.label"),
                null, true,
                List.of(new CdsJson.Action(CdsJson.ActionType.DELETE, messages.text(locale, "suggestion.cancel.description"),
                        null, cancel.orderReference()))));
    }

    private static CdsJson.Indicator indicator(Indicator indicator) {
        return switch (indicator) {
            case INFO -> CdsJson.Indicator.INFO;
            case WARNING -> CdsJson.Indicator.WARNING;
            case CRITICAL -> CdsJson.Indicator.CRITICAL;
        };
    }

    /** The rule ids a rendered card came from, as its extension states them; the first made the card. */
    @SuppressWarnings("unchecked")
    public static List<String> rules(CdsJson.Card card) {
        var finding = (Map<String, Object>) card.extension().get(EXTENSION_KEY);
        return (List<String>) finding.get("rules");
    }

    public static String primaryRule(CdsJson.Card card) {
        return rules(card).get(0);
    }

    /** {@code extension.inocds.finding}: the rule ids and, on dosing cards, the numbers behind them. */
    private static Map<String, Object> extension(Finding finding) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("rules", finding.rules());
        finding.dose().ifPresent(dose -> {
            ext.put("cycle", dose.position().cycle());
            ext.put("day", dose.position().day());
            ext.put("doseLevel", dose.position().doseLevel());
            ext.put("plannedDate", dose.plannedDate().toString());
            ext.put("positionSource", dose.position().source().name().toLowerCase(Locale.ROOT));
            dose.bsa().ifPresent(b -> ext.put("bsaM2", b.squareMeters()));
            dose.expected().ifPresent(e -> {
                ext.put("mgPerM2", e.mgPerM2());
                ext.put("expectedDoseMg", e.mg());
            });
            dose.orderedMg().ifPresent(mg -> ext.put("orderedDoseMg", mg));
        });
        return ext;
    }

    private static Map<String, Object> doseParams(DoseEvidence dose) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cycle", dose.position().cycle());
        p.put("day", dose.position().day());
        p.put("plannedDate", dose.plannedDate());
        p.put("doseLevel", dose.position().doseLevel());
        dose.expected().ifPresent(e -> {
            p.put("expectedMg", e.mg());
            p.put("mgPerM2", e.mgPerM2());
            p.put("bsa", e.bsaM2());
        });
        dose.orderedMg().ifPresent(mg -> p.put("orderedMg", mg2(mg)));
        return p;
    }

    private String doseTable(DoseEvidence dose, Locale locale) {
        StringBuilder t = new StringBuilder();
        t.append("| | |\n|---|---|\n");
        var pos = dose.position();
        row(t, locale, "dose.table.position", messages.text(locale,
                "dose.position." + pos.source().name().toLowerCase(Locale.ROOT),
                Map.of("cycle", pos.cycle(), "day", pos.day())));
        row(t, locale, "dose.table.level", messages.text(locale, "dose.level." + pos.doseLevel()));
        row(t, locale, "dose.table.planned-date", dose.plannedDate().toString());
        dose.placement().filter(p -> p.kind() != OrderPlacement.Kind.FIRST_DOSE).ifPresent(p -> {
            // one message selects the words (late, early, on time) and the count's plural; the table is about the order,
            // which is planned, not given ("due …, 7 days late", never "given 7 days late")
            row(t, locale, "dose.table.due", messages.text(locale, "dose.due", Map.of("due", p.scheduled(),
                    "timing", p.delayDays() > 0 ? "late" : p.earlyDays() > 0 ? "early" : "on-time", "state", "planned",
                    "days", p.delayDays() > 0 ? p.delayDays() : p.earlyDays())));
        });
        dose.expected().ifPresent(e -> row(t, locale, "dose.table.calculation", calculation(e, locale)));
        dose.bsa().ifPresent(b -> row(t, locale, "dose.table.bsa", bsa(b, locale)));
        dose.orderedMg().ifPresent(mg -> row(t, locale, "dose.table.ordered", mg2(mg).toPlainString() + " mg"));
        return t.toString().stripTrailing();
    }

    private String calculation(ExpectedDose e, Locale locale) {
        String unrounded = e.mgPerM2().multiply(e.bsaM2()).stripTrailingZeros().toPlainString();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("full", e.fullMgPerM2());
        p.put("factor", e.levelFactor());
        p.put("bsa", e.bsaM2());
        p.put("unrounded", unrounded);
        p.put("mg", e.mg());
        String key = e.levelFactor().compareTo(BigDecimal.ONE) == 0 ? "dose.calculation.full" : "dose.calculation.reduced";
        return messages.text(locale, key, p);
    }

    private String bsa(BodySurfaceArea b, Locale locale) {
        if (b.isRecorded()) {
            var r = b.recorded().get();
            return messages.text(locale, "dose.bsa.recorded", Map.of("bsa", r.value(), "date", r.date()));
        }
        var h = b.height().get();
        var w = b.weight().get();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bsa", b.squareMeters());
        p.put("formula", messages.text(locale, "bsa-formula." + b.formula().name()));
        p.put("expression", b.formula().expression());
        // shown as a clinician reads them (0.1 cm, 0.1 kg: a weight in lb converts to 79.83225712 kg); the BSA is
        // computed from the exact values
        p.put("height", h.value().setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        p.put("heightDate", h.date());
        p.put("weight", w.value().setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        p.put("weightDate", w.date());
        return messages.text(locale, "dose.bsa.computed", p);
    }

    private void row(StringBuilder t, Locale locale, String labelKey, String value) {
        t.append("| ").append(messages.text(locale, labelKey)).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    /** mg shown with at least two decimals, as the expected dose is (2 → 2.00, 1.375 stays). */
    private static BigDecimal mg2(BigDecimal mg) {
        return mg.scale() >= 2 ? mg : mg.setScale(2);
    }

    /**
     * A finding's value in the call's language: an analyte by its name in the bundle ({@code analyte.<NAME>}), a
     * derivation by {@code phrase.derived}, a phrase by the message it names (its values worded in turn), a list of these joined
     * by the bundle's separator; a rule by its code, an analyte's unit as we state it; words from the chart ({@link ChartText}) as escaped text ({@link CardText}); numbers,
     * dates and our own values as they are.
     */
    private Object worded(Object value, Locale locale) {
        if (value instanceof ChartText text) {
            return CardText.escaped(text);
        }
        if (value instanceof CharSequence text) {
            // a finding carries no String (rules/CardValues); should one come all the same, it is text, not markup
            return CardText.escaped(text.toString());
        }
        if (value instanceof Analyte analyte) {
            return messages.text(locale, "analyte." + analyte.name());
        }
        if (value instanceof UnitOf unit) {
            return unit.analyte().unit();
        }
        if (value instanceof RuleId rule) {
            return rule.code();
        }
        if (value instanceof Derivation d) {
            return messages.text(locale, "phrase.derived", Map.of("from", worded(d.from(), locale), "fromValue", d.fromValue().setScale(0, RoundingMode.HALF_UP).longValueExact(), "percent", d.percent()));
        }
        if (value instanceof Phrase phrase) {
            // the label's own figures every card may name (a phrase may carry another card's summary: STATUS-1)
            Map<String, Object> values = new LinkedHashMap<>(LABEL_FIGURES);
            phrase.values().forEach((name, v) -> values.put(name, worded(v, locale)));
            return messages.text(locale, phrase.key(), values);
        }
        if (value instanceof Collection<?> list && !list.isEmpty() && list.stream().allMatch(v -> v instanceof Analyte || v instanceof Phrase)) {
            String separator = messages.text(locale, list.iterator().next() instanceof Phrase ? "list.separator.phrases" : "list.separator");
            return list.stream().map(v -> String.valueOf(worded(v, locale))).collect(Collectors.joining(separator));
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(v -> worded(v, locale)).toList();
        }
        return value;
    }

    /** The summary within its length, never cut inside an escape of chart text ({@code &lt;}, {@code \\*}). */
    static String clip(String summary) {
        if (summary.length() <= MAX_SUMMARY) {
            return summary;
        }
        int end = MAX_SUMMARY - 1;
        int amp = summary.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp >= end - 5 && summary.indexOf(';', amp) >= end) {
            end = amp;
        }
        String cut = summary.substring(0, end);
        int backslashes = 0;
        while (backslashes < cut.length() && cut.charAt(cut.length() - 1 - backslashes) == '\\') {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
