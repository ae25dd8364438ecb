package org.inocds.cards;

import java.util.List;
import java.util.Locale;
import org.inocds.settings.InocdsProperties;
import org.springframework.stereotype.Component;

/** Picks the card language from Accept-Language: Japanese or English, else the configured default. */
@Component
public class CallLanguage {

    private static final List<Locale> SUPPORTED = List.of(Locale.JAPANESE, Locale.ENGLISH);
    private final Locale fallback;

    public CallLanguage(InocdsProperties properties) {
        this.fallback = Locale.forLanguageTag(properties.defaultLanguage());
    }

    public Locale choose(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return fallback;
        }
        try {
            var ranges = Locale.LanguageRange.parse(acceptLanguage);
            Locale found = Locale.lookup(ranges, SUPPORTED);
            return found != null ? found : fallback;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
