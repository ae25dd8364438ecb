package org.inocds.rules;

import java.util.Map;

/**
 * A piece of a card's text that a rule names but does not word: the message {@code key} of the bundles (the
 * {@code phrase.*} family, or a line of a finding's {@link Bullets}), filled with {@code values} (which may be analytes, dates, numbers or phrases themselves). The card layer words it in
 * the call's language, so a finding carries facts and no language (docs/adding-a-language.md).
 */
public record Phrase(String key, Map<String, Object> values) {

    public Phrase {
        values = Map.copyOf(values);
    }

    public static Phrase of(String key) {
        return new Phrase(key, Map.of());
    }
}
