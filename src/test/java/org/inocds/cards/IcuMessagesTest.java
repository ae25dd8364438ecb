package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.util.ULocale;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.inocds.record.ChartText;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 4: every text of both bundles is ICU MessageFormat, and the words a count or a state decides are said
 * by the message's plural and select — in English "1 dose" and "2 doses"; in Japanese (no plural categories) the same
 * arguments read right; an order is "due …, N days late", a dose given "given … N days late"; the HSCT plan as it is.
 */
class IcuMessagesTest {

    private static final LocalDate DUE = LocalDate.of(2026, 1, 3);
    private final CardMessages messages = new CardMessages();

    @Test
    void everyMessageParsesAsIcuMessageFormatAndFormats() {
        for (Locale locale : messages.languages()) {
            for (String key : messages.keys(locale)) {
                String pattern = messages.raw(locale, key);
                assertThatCode(() -> new MessageFormat(pattern, ULocale.forLocale(locale))).as(locale + " " + key).doesNotThrowAnyException();
                // formatted with a number for each argument (a plural's "other", a select's "other"): no argument left unfilled
                Set<String> names = new LinkedHashSet<>();
                CardMessages.arguments(pattern, names, new LinkedHashSet<>());
                Map<String, Object> values = new HashMap<>();
                names.forEach(n -> values.put(n, 2));
                assertThat(messages.text(locale, key, values)).as(locale + " " + key).doesNotContain("{", "}");
            }
        }
    }

    @Test
    void anOrderIsDueLateAndADoseGivenIsGivenLate() {
        assertThat(due(CardMessages.ENGLISH, "late", "planned", 7)).isEqualTo("2026-01-03, 7 days late");
        assertThat(due(CardMessages.ENGLISH, "late", "planned", 1)).isEqualTo("2026-01-03, 1 day late");
        assertThat(due(CardMessages.ENGLISH, "late", "given", 7)).isEqualTo("2026-01-03, given 7 days late");
        assertThat(due(CardMessages.ENGLISH, "late", "given", 1)).isEqualTo("2026-01-03, given 1 day late");
        assertThat(due(CardMessages.ENGLISH, "early", "planned", 1)).isEqualTo("2026-01-03, 1 day early");
        assertThat(due(CardMessages.ENGLISH, "early", "planned", 3)).isEqualTo("2026-01-03, 3 days early");
        assertThat(due(CardMessages.ENGLISH, "on-time", "planned", 0)).isEqualTo("2026-01-03, on time");
        assertThat(due(CardMessages.JAPANESE, "late", "planned", 7)).isEqualTo("2026-01-03（7 日遅れ）");
        assertThat(due(CardMessages.JAPANESE, "late", "given", 1)).isEqualTo("2026-01-03（1 日遅れで投与）");
        assertThat(due(CardMessages.JAPANESE, "early", "planned", 1)).isEqualTo("2026-01-03（1 日早い）");
        assertThat(due(CardMessages.JAPANESE, "on-time", "planned", 0)).isEqualTo("2026-01-03（予定どおり）");
    }

    @Test
    void statusNamesTheHsctPlanAsItIsAndCountsDosesAndCycles() {
        String planned = status(CardMessages.ENGLISH, 1, 2, "planned", 3);
        assertThat(planned).startsWith("**1 dose given.**").contains("Up to 2 more cycles after the current one (3 in all, as HSCT is planned)");
        String none = status(CardMessages.ENGLISH, 2, 1, "none", 6);
        assertThat(none).startsWith("**2 doses given.**").contains("Up to 1 more cycle after the current one (6 in all, with no HSCT planned)")
                .doesNotContain("this HSCT plan");
        assertThat(status(CardMessages.ENGLISH, 9, 0, "none", 6)).contains("No further cycle after the current one (6 in all, with no HSCT planned)");
        assertThat(status(CardMessages.JAPANESE, 1, 2, "planned", 3)).startsWith("**投与済み 1 回。**")
                .contains("現在のサイクルの後に最大 2 サイクル（HSCT の予定があるため全 3 サイクルまで）");
        assertThat(status(CardMessages.JAPANESE, 2, 5, "none", 6)).contains("最大 5 サイクル（HSCT の予定がないため全 6 サイクルまで）");
    }

    @Test
    void countsOfDaysDosesAndVialsTakeTheirPluralInEnglish() {
        Map<String, Object> p = new HashMap<>(CardRenderer.LABEL_FIGURES);
        p.putAll(Map.of("cycle", 2, "given", 1, "perCycle", 2));
        assertThat(messages.text(CardMessages.ENGLISH, "sched-3.extra-dose.summary", p)).contains("already has 1 dose (2 per cycle");
        p.put("given", 3);
        assertThat(messages.text(CardMessages.ENGLISH, "sched-3.extra-dose.summary", p)).contains("already has 3 doses (");
        assertThat(messages.text(CardMessages.JAPANESE, "sched-3.extra-dose.summary", p)).contains("すでに 3 回投与");
        assertThat(messages.text(CardMessages.ENGLISH, "sched-4.cycle-too-early.summary", Map.of("cycle", 2, "earlyDays", 1, "due", DUE)))
                .isEqualTo("Cycle 2 would start 1 day early: day 1 is due on 2026-01-03");
        assertThat(messages.text(CardMessages.ENGLISH, "mon.due.item.ecg", Map.of("ecgWindow", 30))).isEqualTo("ECG with QTc within 30 days");
        Map<String, Object> prep = Map.of("mg", "0.80", "withdrawMl", "3.2", "concentration", "0.25", "vials", 1);
        assertThat(messages.text(CardMessages.ENGLISH, "prep-1.preparation.summary", prep)).contains("from 1 vial,");
        Map<String, Object> twoDrafts = new HashMap<>(CardRenderer.LABEL_FIGURES);
        twoDrafts.putAll(Map.of("days", 0, "date", DUE, "otherDate", DUE));
        assertThat(messages.text(CardMessages.ENGLISH, "sched-5.duplicate-draft.summary", twoDrafts)).startsWith("Two inotuzumab orders for the same day:");
        twoDrafts.put("days", 1);
        assertThat(messages.text(CardMessages.ENGLISH, "sched-5.duplicate-draft.summary", twoDrafts)).startsWith("Two inotuzumab orders 1 day apart:");
    }

    @Test
    void anEventShowsItsGradeAndSeriousnessOnlyWhenTheyAreKnown() {
        Map<String, Object> p = new HashMap<>(Map.of("display", ChartText.of("Infusion related reaction"), "graded", true, "grade", 3,
                "serious", true, "date", DUE));
        assertThat(messages.text(CardMessages.ENGLISH, "phrase.event", p)).isEqualTo("Infusion related reaction, G3, SAE, 2026-01-03");
        assertThat(messages.text(CardMessages.JAPANESE, "phrase.event", p)).isEqualTo("Infusion related reaction、グレード 3、重篤、2026-01-03");
        p.putAll(Map.of("graded", false, "grade", "", "serious", false));
        assertThat(messages.text(CardMessages.ENGLISH, "phrase.event", p)).isEqualTo("Infusion related reaction, 2026-01-03");
    }

    @Test
    void chartTextStaysEscapedThroughIcu() {
        Map<String, Object> p = Map.of("display", ChartText.of("<b>{x}</b> it's"), "graded", false, "grade", "", "serious", false, "date", DUE);
        assertThat(messages.text(CardMessages.ENGLISH, "phrase.event", p))
                .isEqualTo(CardText.escaped(ChartText.of("<b>{x}</b> it's")) + ", 2026-01-03");
    }

    private String due(Locale locale, String timing, String state, int days) {
        return messages.text(locale, "dose.due", Map.of("due", DUE, "timing", timing, "state", state, "days", days));
    }

    private String status(Locale locale, int doses, int cyclesLeft, String hsct, int maxCycles) {
        Map<String, Object> p = new HashMap<>(Map.of("doses", doses, "cycle", 2, "day", 1, "nextDue", DUE, "nextMg", "1.60 mg",
                "doseLevel", 0, "cyclesLeft", cyclesLeft, "hsct", hsct, "maxCycles", maxCycles));
        return messages.text(locale, "status-1.status.detail", p);
    }
}
