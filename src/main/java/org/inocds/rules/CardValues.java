package org.inocds.rules;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inocds.record.ChartText;
import org.inocds.record.Derivation;

/**
 * The values a finding or a phrase may carry to a card (issue 22, defect 4): numbers, dates, booleans (what a message's
 * {@code select} chooses by), our own enums (an
 * {@link org.inocds.record.Analyte}, a grade), {@link Phrase}s and {@link Bullets} (our words, by message key), a
 * {@link Derivation}, an analyte's unit ({@link UnitOf}), rule ids, lists of these — and words from the chart only as {@link ChartText}, which the card escapes. A
 * {@code String} is refused: it cannot say whether it is ours or the chart's, and one taken from the record reached
 * the HEP-2 waiver card as markup (a Gilbert syndrome Condition's text in {@code phrase.hep-waived}).
 *
 * <p>With assertions on (every test run) a refused value throws, so the rule that built it fails its tests; without them
 * (production) it is kept as {@link ChartText}, so the card shows it escaped rather than lose the finding.
 */
public final class CardValues {

    private CardValues() {}

    /** {@code values} with each value checked; a refused one throws with assertions on, else becomes chart text. */
    static Map<String, Object> checked(String owner, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, value) -> out.put(name, checked(owner, name, value)));
        return Map.copyOf(out);
    }

    private static Object checked(String owner, String name, Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(v -> checked(owner, name, v)).toList();
        }
        if (allowed(value)) {
            return value;
        }
        if (CardValues.class.desiredAssertionStatus()) {
            throw new AssertionError(owner + ": {" + name + "} is a " + (value == null ? "null" : value.getClass().getSimpleName())
                    + " (" + value + "); a card value is a number, a date, an enum, a Phrase, Bullets, a Derivation or ChartText"
                    + " (chart words) — never a String");
        }
        return ChartText.of(String.valueOf(value));
    }

    /** Whether {@code value} is of a type a card may carry as it is (no list). */
    public static boolean allowed(Object value) {
        return value instanceof ChartText || value instanceof Number || value instanceof Boolean || value instanceof LocalDate || value instanceof Enum<?>
                || value instanceof Phrase || value instanceof Bullets || value instanceof Derivation || value instanceof UnitOf;
    }

    /** The types {@link #allowed} names, for the source test that holds the rules to them. */
    public static final List<Class<?>> TYPES = List.of(ChartText.class, Number.class, Boolean.class, LocalDate.class, Enum.class, Phrase.class,
            Bullets.class, Derivation.class, UnitOf.class);
}
