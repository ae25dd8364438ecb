package org.inocds.cards;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The rule pages a pharmacy committee reviews, in Japanese or English ({@code ?lang=} or Accept-Language):
 * {@code /rules}, every rule of the catalogue by family with its label sections, the indicators its cards carry and its
 * thresholds in force (template {@code rules.html}); {@code /rules/{id}}, the page each card's {@code source.url} points
 * to: what the rule decides, the places of the label it rests on, every threshold and window with the value in force at
 * this site, the data it reads (with the codes that recognise each result), related rules, example cards the rule really
 * produced, the label edition and the date it was last reviewed (template {@code rule.html}). Everything is read from the
 * declarations the rules run on ({@link RuleView}); the words are in the message bundles.
 */
@RestController
public class RulePageController {

    private final CardMessages messages;
    private final CallLanguage language;
    private final ITemplateEngine templates;
    private final RuleView views;

    public RulePageController(CardMessages messages, CallLanguage language, ITemplateEngine templates, RuleView views) {
        this.messages = messages;
        this.language = language;
        this.templates = templates;
        this.views = views;
    }

    @GetMapping(value = {"/rules", "/rules/"}, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> index(@RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        List<Map<String, Object>> families = new ArrayList<>();
        for (RuleFamily family : RuleFamily.values()) {
            families.add(Map.of("key", family.name(), "rules", family.rules().stream().map(r -> views.summary(r, locale)).toList()));
        }
        var page = new Context(locale, Map.of("lang", locale.getLanguage(), "languages", messages.languageNames(),
                "families", families,
                "intro", messages.text(locale, "rule-page.index.intro", Map.of("count", RuleId.values().length))));
        return html(HttpStatus.OK, templates.process("rules", page));
    }

    @GetMapping(value = "/rules/{id}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable("id") String id,
            @RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        // a page for each declared rule, none for anything else
        Optional<RuleId> rule = RuleId.of(id);
        if (rule.isEmpty() || !messages.has(locale, rule.get().pageKey("title"))) {
            return html(HttpStatus.NOT_FOUND, templates.process("rule-unknown", new Context(locale)));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("lang", locale.getLanguage());
        model.put("languages", messages.languageNames());
        model.put("id", id);
        model.put("rule", views.page(rule.get(), locale));
        return html(HttpStatus.OK, templates.process("rule", new Context(locale, model)));
    }

    private static ResponseEntity<String> html(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(body);
    }
}
