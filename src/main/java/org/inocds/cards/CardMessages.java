package org.inocds.cards;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Card texts in Japanese and English ({@code messages/cards_ja.properties}, {@code cards_en.properties},
 * UTF-8). Placeholders are named, {@code {name}}, so translators see what each value is.
 */
@Component
public class CardMessages {

    public static final Locale JAPANESE = Locale.JAPANESE;
    public static final Locale ENGLISH = Locale.ENGLISH;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle ja = ResourceBundle.getBundle("messages.cards", JAPANESE, NO_FALLBACK);
    private final ResourceBundle en = ResourceBundle.getBundle("messages.cards", ENGLISH, NO_FALLBACK);

    public boolean has(Locale locale, String key) {
        return bundle(locale).containsKey(key);
    }

    /** The message with its placeholders filled; a missing key is a bug and fails loudly. */
    public String text(Locale locale, String key, Map<String, ?> params) {
        String template;
        try {
            template = bundle(locale).getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no " + locale.getLanguage() + " message for key " + key, e);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            if (!params.containsKey(name)) {
                throw new IllegalStateException("message " + key + " needs a value for {" + name + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(format(params.get(name))));
        }
        m.appendTail(out);
        return out.toString();
    }

    public String text(Locale locale, String key) {
        return text(locale, key, Map.of());
    }

    public java.util.Set<String> keys(Locale locale) {
        return bundle(locale).keySet();
    }

    static String format(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(CardMessages::format).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    private ResourceBundle bundle(Locale locale) {
        return JAPANESE.getLanguage().equals(locale.getLanguage()) ? ja : en;
    }
}
