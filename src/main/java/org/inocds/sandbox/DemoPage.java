package org.inocds.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.inocds.cards.CallLanguage;
import org.inocds.cards.CardMessages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * {@code /}: a small demo EHR (docs/design.md "Embedded FHIR sandbox and demo") — pick a sandbox patient and a
 * hook, edit the draft order, call the service, see the cards, apply suggestions, open the timeline. Plain
 * HTML (template {@code sandbox/demo.html}) and JavaScript, no front-end build; served only while the sandbox runs. Its
 * words are the "demo.*" keys of the card message bundles: the page is served in the language asked for
 * ({@code ?lang=}, else Accept-Language) and carries every language's words, from which the script relabels it when
 * another is chosen.
 */
@RestController
@ConditionalOnProperty(name = "inocds.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public class DemoPage {

    /** The page's words: the keys "demo.*" of the card message bundles. */
    private static final Map<String, Object> KEPT = new KeptPlaceholders();
    private static final String PREFIX = "demo.";

    private final String script;
    private final Clock clock;
    private final ITemplateEngine templates;
    private final CardMessages messages;
    private final CallLanguage language;
    private final String texts;

    public DemoPage(Clock clock, ITemplateEngine templates, CardMessages messages, CallLanguage language, ObjectMapper json)
            throws IOException {
        this.clock = clock;
        this.templates = templates;
        this.messages = messages;
        this.language = language;
        this.script = new ClassPathResource("sandbox/demo.js").getContentAsString(StandardCharsets.UTF_8);
        this.texts = json.writeValueAsString(texts(messages));
    }

    /**
     * Every language's "demo.*" words, by language and key (without the prefix): the one dictionary the script relabels
     * the page from when another language is chosen, so that no word is written twice.
     */
    static Map<String, Map<String, String>> texts(CardMessages messages) {
        Map<String, Map<String, String>> texts = new TreeMap<>();
        for (Locale locale : messages.languages()) {
            Map<String, String> words = new TreeMap<>();
            messages.keys(locale).stream().filter(key -> key.startsWith(PREFIX))
                    .forEach(key -> words.put(key.substring(PREFIX.length()), messages.text(locale, key, KEPT)));
            texts.put(locale.getLanguage(), words);
        }
        return texts;
    }

    /** The page's script, served apart so that the Content-Security-Policy can forbid inline scripts. */
    @GetMapping(value = "/demo.js", produces = "text/javascript")
    public ResponseEntity<String> script() {
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8)).body(script);
    }

    /**
     * The page, told the service's time: the demo EHR stamps its feedback on that clock (the service takes an outcome
     * only between the card's issue and its own now, within a skew), as an EHR's clock and the service's agree in use.
     */
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        String html = templates.process("sandbox/demo", new Context(locale, Map.of("now", clock.instant().toString(), "lang",
                locale.getLanguage(), "languages", messages.languageNames(), "texts", texts)));
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }

    /** Fills each placeholder with itself ({@code {name}}), so that the script fills it with the value it has. */
    private static final class KeptPlaceholders extends AbstractMap<String, Object> {
        @Override
        public boolean containsKey(Object key) {
            return true;
        }

        @Override
        public Object get(Object key) {
            return "{" + key + "}";
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of();
        }
    }
}
