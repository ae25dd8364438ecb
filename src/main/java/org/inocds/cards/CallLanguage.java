package org.inocds.cards;

import java.util.List;
import java.util.Locale;
import org.inocds.settings.InocdsProperties;
import org.springframework.stereotype.Component;

/**
 * Picks the language of a call's cards (or a page) from Accept-Language or {@code ?lang=}: one there is a message
 * bundle for, else the configured default ({@code inocds.default-language}).
 */
@Component
public class CallLanguage {

    private final List<Locale> supported;
    private final Locale fallback;

    public CallLanguage(InocdsProperties properties, CardMessages messages) {
        this.supported = messages.languages();
        this.fallback = Locale.forLanguageTag(properties.defaultLanguage());
    }

    public Locale choose(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return fallback;
        }
        try {
            var ranges = Locale.LanguageRange.parse(acceptLanguage);
            Locale found = Locale.lookup(ranges, supported);
            return found != null ? found : fallback;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
