package org.inocds.cards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.util.ULocale;
import org.inocds.record.ChartText;
import org.inocds.rules.LabelSection;
import org.inocds.rules.RuleId;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The words of every card and page, one bundle per language ({@code messages/cards_<language>.properties}, UTF-8):
 * the languages are the bundles found on the classpath, so a language is added by adding its file
 * (docs/adding-a-language.md). Each text is an ICU MessageFormat pattern with named arguments, {@code {name}}, so
 * translators see what each value is, and plural and select say in the message what depends on a count or a state
 * (never a choice of keys in Java). The pages' {@code #{…}} read the same texts through {@link BundleMessageSource}.
 * English is the bundle of last resort.
 */
@Component
public class CardMessages {

    public static final Locale JAPANESE = Locale.JAPANESE;
    public static final Locale ENGLISH = Locale.ENGLISH;

    private static final Pattern BUNDLE_FILE = Pattern.compile("cards_([a-z]{2,3})\\.properties");
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);

    /** By language, in the order of their tags (ISO 639). */
    private final Map<String, ResourceBundle> bundles = new TreeMap<>();
    private final ResourceBundle en;
    /** Each message's pattern and argument names, parsed once per language and key. */
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    public CardMessages() {
        this(CardMessages.class.getClassLoader());
    }

    /** The bundles {@code loader} finds under {@code messages/} (a test adds a pseudo-language through its own loader). */
    public CardMessages(ClassLoader loader) {
        try {
            for (Resource file : new PathMatchingResourcePatternResolver(loader).getResources("classpath*:messages/cards_*.properties")) {
                Matcher m = BUNDLE_FILE.matcher(String.valueOf(file.getFilename()));
                if (m.matches()) {
                    bundles.put(m.group(1), ResourceBundle.getBundle("messages.cards", Locale.forLanguageTag(m.group(1)), loader, NO_FALLBACK));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the message bundles could not be listed", e);
        }
        en = bundles.get(ENGLISH.getLanguage());
        if (en == null) {
            throw new IllegalStateException("no messages/cards_en.properties on the classpath");
        }
    }

    /** The languages there is a bundle for. */
    public List<Locale> languages() {
        return bundles.keySet().stream().map(Locale::forLanguageTag).toList();
    }

    /** Each language's tag and its name in its own language ({@code language.name}), in the order of their tags: a page's language links. */
    public Map<String, String> languageNames() {
        Map<String, String> names = new LinkedHashMap<>();
        bundles.forEach((tag, bundle) -> names.put(tag, bundle.getString("language.name")));
        return names;
    }

    public boolean has(Locale locale, String key) {
        return bundle(locale).containsKey(key);
    }

    /**
     * The message as ICU MessageFormat fills it in: {@code {name}} takes the value, {@code {n, plural, one {…} other {…}}}
     * and {@code {state, select, given {…} other {…}}} choose the words (the language's plural rules: Japanese has
     * only "other"). A value that only fills a place is written as the cards always wrote it ({@link #format}: chart text
     * escaped, counts grouped, decimals as they are); a value a plural or select chooses by is handed over as it is (a
     * number, or a keyword). A missing key or value is a bug and fails loudly.
     */
    public String text(Locale locale, String key, Map<String, ?> params) {
        Compiled message = compiled(locale, key);
        Map<String, Object> args = new HashMap<>();
        for (String name : message.arguments()) {
            if (!params.containsKey(name)) {
                throw new IllegalStateException("message " + key + " needs a value for {" + name + "}");
            }
            Object value = params.get(name);
            args.put(name, message.selectors().contains(name) ? selectorValue(value) : format(value));
        }
        return new MessageFormat(message.pattern(), ULocale.forLocale(locale)).format(args);
    }

    /** The arguments of one message (all of them, and those a plural or select chooses by), parsed once. */
    private record Compiled(String pattern, Set<String> arguments, Set<String> selectors) {
    }

    private Compiled compiled(Locale locale, String key) {
        String language = bundles.containsKey(locale.getLanguage()) ? locale.getLanguage() : ENGLISH.getLanguage();
        return compiled.computeIfAbsent(language + "\n" + key, k -> {
            String template;
            try {
                template = bundle(locale).getString(key);
            } catch (MissingResourceException e) {
                throw new IllegalStateException("no " + locale.getLanguage() + " message for key " + key, e);
            }
            Set<String> arguments = new LinkedHashSet<>();
            Set<String> selectors = new LinkedHashSet<>();
            arguments(template, arguments, selectors);
            return new Compiled(template, Collections.unmodifiableSet(arguments), Set.copyOf(selectors)); // arguments in their order
        });
    }

    /**
     * The names of a message's arguments, nested ones included (ICU's {@link MessagePattern}), and among them those a
     * plural, select or choice chooses by: what a translator may use, and what both languages must share.
     */
    public static void arguments(String template, Set<String> arguments, Set<String> selectors) {
        MessagePattern pattern = new MessagePattern(template);
        for (int i = 0; i < pattern.countParts(); i++) {
            MessagePattern.Part part = pattern.getPart(i);
            if (part.getType() == MessagePattern.Part.Type.ARG_START) {
                String name = pattern.getSubstring(pattern.getPart(i + 1));
                arguments.add(name);
                if (part.getArgType().hasPluralStyle() || part.getArgType() == MessagePattern.ArgType.SELECT
                        || part.getArgType() == MessagePattern.ArgType.CHOICE) {
                    selectors.add(name);
                }
            }
        }
    }

    /** A value a plural or select chooses by: a number stays a number; a keyword (an enum, a boolean, text) is its name. */
    private static Object selectorValue(Object value) {
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(value);
    }

    /** The message as written in the bundle (its ICU pattern), for the tests that hold the bundles to ICU's syntax. */
    public String raw(Locale locale, String key) {
        return compiled(locale, key).pattern();
    }

    public String text(Locale locale, String key) {
        return text(locale, key, Map.of());
    }

    /**
     * The places of the label a rule cites, as its cards' source label and its page name them: the sections' and headings'
     * words from the bundles, the items as the label numbers them, joined the language's way.
     */
    public String section(Locale locale, RuleId rule) {
        String citations = null;
        for (LabelSection.Citation cite : rule.cites()) {
            String words = text(locale, cite.section().messageKey());
            String citation = cite.item().isEmpty() ? words
                    : text(locale, "label.citation.item", Map.of("section", words, "item", cite.item()));
            if (cite.heading().isPresent()) {
                citation = text(locale, "label.citation.heading",
                        Map.of("citation", citation, "heading", text(locale, cite.heading().get().messageKey())));
            }
            citations = citations == null ? citation
                    : text(locale, "label.citation.next", Map.of("citations", citations, "citation", citation));
        }
        if (citations == null) {
            throw new IllegalStateException(rule + " cites no place of the label");
        }
        return citations;
    }

    public Set<String> keys(Locale locale) {
        return bundle(locale).keySet();
    }

    static String format(Object value) {
        if (value instanceof ChartText text) {
            return CardText.escaped(text); // words from the chart are text, whichever way they reach a message
        }
        if (value instanceof Long count) {
            return String.format(Locale.ROOT, "%,d", count); // counts (cells per µL) with thousands grouped: 2,500
        }
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
        return bundles.getOrDefault(locale.getLanguage(), en);
    }
}
