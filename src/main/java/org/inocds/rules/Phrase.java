package org.inocds.rules;

import java.util.Map;

/**
 * A piece of a card's text that a rule names but does not word: the message {@code key} of the bundles (the
 * {@code phrase.*} family, or a line of a finding's {@link Bullets}), filled with {@code values} (which may be analytes, dates, numbers, chart text or phrases themselves, never a String: {@link CardValues}). The card layer words it in
 * the call's language, so a finding carries facts and no language (docs/adding-a-language.md).
 */
public record Phrase(String key, Map<String, Object> values) {

    public Phrase {
        values = CardValues.checked(key, values); // chart words only as ChartText, never a String
    }

    /** "—": a value the record does not have (no date, no baseline). */
    public static final Phrase NONE = of("phrase.none");
    /** Nothing: a part of a message left out (no grade, no unit to add). */
    public static final Phrase EMPTY = of("phrase.empty");

    public static Phrase of(String key) {
        return new Phrase(key, Map.of());
    }
}
