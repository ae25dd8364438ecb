package org.inocds.feedback;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.inocds.cards.CallLanguage;
import org.inocds.cards.CardMessages;
import org.inocds.cards.CardRenderer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The feedback summary: per rule, cards issued, accepted and overridden, the accept and override rates and the override
 * reasons given (each card counted once, by its latest outcome). {@code GET /admin/feedback-summary} answers a JSON
 * client with the figures and a browser (Accept: text/html) with the page, which is also at {@code /admin/feedback}:
 * the rates as bars and the reasons in the reader's language (template {@code feedback-summary.html}, words
 * "feedback-page.*" in the card message bundles). Behind the admin scope when JWT is required, as the rest of
 * {@code /admin}.
 */
@RestController
public class FeedbackSummaryController {

    private static final List<String> COLUMNS = List.of("rule", "issued", "accepted", "overridden", "rates", "reasons");

    private final FeedbackStore store;
    private final CardMessages messages;
    private final CallLanguage language;
    private final ITemplateEngine templates;

    public FeedbackSummaryController(FeedbackStore store, CardMessages messages, CallLanguage language, ITemplateEngine templates) {
        this.store = store;
        this.messages = messages;
        this.language = language;
        this.templates = templates;
    }

    @GetMapping(value = "/admin/feedback-summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> summary() {
        return Map.of("rules", store.summary());
    }

    @GetMapping(value = {"/admin/feedback", "/admin/feedback-summary"}, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        List<Row> rows = store.summary().stream().map(row -> row(row, locale)).toList();
        var page = new Context(locale, Map.of("lang", locale.getLanguage(), "languages", messages.languageNames(), "columns", COLUMNS,
                "rows", rows));
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .body(templates.process("feedback-summary", page));
    }

    /** One rule's figures as the page shows them. */
    public record Row(Object rule, Object issued, Object accepted, Object overridden, String acceptWidth, String acceptPercent,
            String overrideWidth, String overridePercent, List<Reason> reasons) {}

    /** An override reason in the reader's language and how often it was given. */
    public record Reason(String text, long count) {}

    @SuppressWarnings("unchecked")
    private Row row(Map<String, Object> row, Locale locale) {
        double accept = ((Number) row.get("acceptRate")).doubleValue();
        double override = ((Number) row.get("overrideRate")).doubleValue();
        var reasons = ((Map<String, Long>) row.get("overrideReasons")).entrySet().stream()
                .map(r -> new Reason(reasonText(r.getKey(), locale), r.getValue())).toList();
        return new Row(row.get("rule"), row.get("issued"), row.get("accepted"), row.get("overridden"), width(accept), percent(accept),
                width(override), percent(override), reasons);
    }

    /** "system|code": ours in the reader's language, another system's as its code. */
    private String reasonText(String reason, Locale locale) {
        int bar = reason.indexOf('|');
        String code = reason.substring(bar + 1);
        String key = "override." + code;
        return reason.substring(0, bar).equals(CardRenderer.OVERRIDE_SYSTEM) && messages.has(locale, key) ? messages.text(locale, key) : code;
    }

    private static String width(double rate) {
        return String.format(Locale.ROOT, "%.1f", rate * 100);
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.0f %%", rate * 100);
    }
}
