package org.inocds.cards;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * {@code /rules/{id}}: the page each card's {@code source.url} points to, explaining the rule and the
 * label section it comes from, in Japanese or English ({@code ?lang=} or Accept-Language); template {@code rule.html}.
 */
@RestController
public class RulePageController {

    private final CardMessages messages;
    private final CallLanguage language;
    private final ITemplateEngine templates;

    public RulePageController(CardMessages messages, CallLanguage language, ITemplateEngine templates) {
        this.messages = messages;
        this.language = language;
        this.templates = templates;
    }

    @GetMapping(value = "/rules/{id}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable("id") String id,
            @RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        // a page for each declared rule, none for anything else
        Optional<RuleId> rule = RuleId.of(id);
        if (rule.isEmpty() || !messages.has(locale, rule.get().pageKey("title"))) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                    .body(templates.process("rule-unknown", new Context(locale)));
        }
        var page = new Context(locale, Map.of("lang", locale.getLanguage(), "languages", messages.languageNames(), "id", id,
                "source", Map.of("section", messages.section(locale, rule.get()))));
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(templates.process("rule", page));
    }
}
