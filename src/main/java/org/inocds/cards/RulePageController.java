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
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /rules/{id}}: the page each card's {@code source.url} points to, explaining the rule and the
 * label section it comes from, in Japanese or English ({@code ?lang=} or Accept-Language).
 */
@RestController
public class RulePageController {

    private final CardMessages messages;
    private final CallLanguage language;

    public RulePageController(CardMessages messages, CallLanguage language) {
        this.messages = messages;
        this.language = language;
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
                    .body("<!doctype html><title>404</title><p>Unknown rule</p>");
        }
        String title = esc(messages.text(locale, rule.get().pageKey("title")));
        String section = esc(messages.text(locale, rule.get().pageKey("section")));
        String explanation = esc(messages.text(locale, rule.get().pageKey("explanation")));
        String edition = esc(messages.text(locale, "source.label", Map.of("section", section)));
        String html = """
                <!doctype html>
                <html lang="%s"><head><meta charset="utf-8"><title>%s %s</title>
                <style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;line-height:1.6}</style></head>
                <body><h1>%s — %s</h1><p><strong>%s</strong></p><p>%s</p>
                <p>%s</p></body></html>
                """.formatted(locale.getLanguage(), id, title, id, title, edition, explanation, messages.languageLinksHtml());
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s, "UTF-8");
    }
}
