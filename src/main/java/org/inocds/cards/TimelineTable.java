package org.inocds.cards;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inocds.regimen.LevelChange;
import org.inocds.regimen.OrderPlacement;
import org.inocds.regimen.PlacedDose;
import org.inocds.regimen.RegimenCycle;
import org.inocds.regimen.RegimenTimeline;

/**
 * The reconstructed regimen as a markdown table, shown on every dosing card so the clinician can check
 * what the service inferred (the label digest "Regimen"): each cycle's day 1, level, doses with dates, delays and mg,
 * skipped days; then why the level changed and any skipped doses that could hide a long hold.
 */
final class TimelineTable {

    private final CardMessages messages;

    TimelineTable(CardMessages messages) {
        this.messages = messages;
    }

    String render(RegimenTimeline timeline, Optional<OrderPlacement> order, Locale locale) {
        StringBuilder t = new StringBuilder();
        t.append("**").append(messages.text(locale, "timeline.title")).append("**\n\n");
        t.append(messages.text(locale, "timeline.header")).append("\n|---|---|---|---|---|\n");
        for (RegimenCycle cycle : timeline.cycles()) {
            List<String> doses = new ArrayList<>();
            for (PlacedDose d : cycle.doses()) {
                doses.add(dose(d, locale));
            }
            String skipped = cycle.skippedDays().isEmpty() ? "—"
                    : String.join(", ", cycle.skippedDays().stream().map(day -> "D" + day).toList());
            t.append("| ").append(cycle.number()).append(" | ").append(cycle.day1()).append(" | ").append(cycle.doseLevel())
                    .append(" | ").append(String.join(" · ", doses)).append(" | ").append(skipped).append(" |\n");
        }
        timeline.remissionSince().ifPresent(r -> t.append('\n').append(messages.text(locale, "timeline.remission", Map.of("date", r))));
        for (LevelChange change : timeline.levelChanges()) {
            Map<String, Object> p = Map.of("levelHoldDays", RegimenTimeline.HOLD_RAISING_LEVEL_DAYS, "date", change.date(),
                    "cycle", change.cycle(), "day", change.day(), "delay", change.delayDays(), "level", change.newLevel(), "from", change.fromCycle(),
                    "given", change.reduction().map(r -> r.givenMg().toPlainString()).orElse(""),
                    "full", change.reduction().map(r -> r.referenceMg().toPlainString()).orElse(""),
                    "measured", change.reduction().flatMap(LevelChange.Reduction::measuredOn).map(Object::toString).orElse(""));
            String key = change.reduction().map(r -> switch (r.basis()) {
                case BSA_OF_ITS_DATE -> "timeline.level.reduced";
                case NEAREST_MEASUREMENT -> "timeline.level.reduced-nearest";
                case EARLIER_DOSES -> "timeline.level.reduced-earlier";
            }).orElse("timeline.level.hold");
            t.append('\n').append("- ").append(messages.text(locale, key, p));
        }
        for (PlacedDose d : timeline.unjudgedDoses()) {
            t.append('\n').append("- ").append(messages.text(locale, "timeline.unjudged", Map.of("date", d.date(), "cycle", d.cycle(),
                    "day", d.day(), "given", d.mg().map(BigDecimal::toPlainString).orElse(""))));
        }
        // The order itself may lower its cycle: a day 1 held 14 days or more (MOD-3).
        order.filter(p -> p.day() == 1 && p.delayDays() >= 14).ifPresent(p -> t.append('\n').append("- ").append(
                messages.text(locale, "timeline.level.hold", Map.of("levelHoldDays", RegimenTimeline.HOLD_RAISING_LEVEL_DAYS,
                        "date", p.plannedDate(), "cycle", p.cycle(), "day", p.day(), "delay", p.delayDays(), "level", p.doseLevel(), "from", p.cycle(), "given", "", "full", ""))));
        for (var span : timeline.possibleHiddenHolds()) {
            t.append('\n').append("- ").append(messages.text(locale, "timeline.hidden-hold", Map.of(
                    "levelHoldDays", RegimenTimeline.HOLD_RAISING_LEVEL_DAYS, "cycle", span.cycle(),
                    "skipped", String.join(", ", span.days().stream().map(d -> "D" + d).toList()),
                    "from", span.firstDue(), "to", span.nextDose(), "days", span.spanDays())));
        }
        return t.toString().stripTrailing();
    }

    private String dose(PlacedDose d, Locale locale) {
        StringBuilder s = new StringBuilder("D").append(d.day()).append(' ').append(d.date());
        if (d.delayDays() > 0) {
            s.append(" (+").append(d.delayDays()).append(' ').append(messages.text(locale, "timeline.days-suffix")).append(')');
        }
        d.mg().ifPresent(mg -> s.append(' ').append(mg.stripTrailingZeros().toPlainString()).append(" mg"));
        if (d.extra()) {
            s.append(' ').append(messages.text(locale, "timeline.extra"));
        }
        if (d.partial()) {
            s.append(' ').append(messages.text(locale, "timeline.partial"));
        }
        return s.toString();
    }
}
