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
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /admin/feedback} (and {@code /admin/feedback-summary} asked for HTML): the feedback summary for people — per
 * rule, cards issued, accepted and overridden, the accept and override rates as bars, and the override reasons given in
 * the reader's language (the same figures as the JSON {@code /admin/feedback-summary}; each card counted once, by its
 * latest outcome). Behind the admin scope when JWT is required, as the rest of {@code /admin}. Its words are in the card
 * message bundles ("feedback-page.*").
 */
@RestController
public class FeedbackSummaryPage {

    private final FeedbackStore store;
    private final CardMessages messages;
    private final CallLanguage language;

    public FeedbackSummaryPage(FeedbackStore store, CardMessages messages, CallLanguage language) {
        this.store = store;
        this.messages = messages;
        this.language = language;
    }

    /** Also at {@code /admin/feedback-summary} for a browser (Accept: text/html); JSON clients get the figures there. */
    @GetMapping(value = {"/admin/feedback", "/admin/feedback-summary"}, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam(value = "lang", required = false) String lang,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"").append(locale.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\"><title>").append(text(locale, "title"))
                .append("</title><link rel=\"stylesheet\" href=\"/feedback.css\"></head><body>")
                .append("<h1>").append(text(locale, "heading")).append("</h1>")
                .append("<p>").append(messages.languageLinksHtml()).append("</p>");
        List<Map<String, Object>> rows = store.summary();
        if (rows.isEmpty()) {
            html.append("<p>").append(text(locale, "empty")).append("</p>");
        } else {
            html.append("<table><tr>");
            for (String column : List.of("rule", "issued", "accepted", "overridden", "rates", "reasons")) {
                html.append("<th>").append(text(locale, "column." + column)).append("</th>");
            }
            html.append("</tr>");
            for (Map<String, Object> row : rows) {
                double accept = ((Number) row.get("acceptRate")).doubleValue();
                double override = ((Number) row.get("overrideRate")).doubleValue();
                html.append("<tr><td><a href=\"/rules/").append(esc(row.get("rule"))).append("\">").append(esc(row.get("rule")))
                        .append("</a></td><td>").append(row.get("issued")).append("</td><td>").append(row.get("accepted"))
                        .append("</td><td>").append(row.get("overridden")).append("</td><td>")
                        .append(bar("acc", accept)).append(' ').append(percent(accept)).append("<br>")
                        .append(bar("ovr", override)).append(' ').append(percent(override)).append("</td><td>");
                @SuppressWarnings("unchecked")
                var reasons = (Map<String, Long>) row.get("overrideReasons");
                reasons.forEach((reason, n) -> html.append(esc(reasonText(reason, locale))).append(" × ").append(n).append("<br>"));
                html.append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("</body></html>");
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html.toString());
    }

    /** "system|code": ours in the reader's language, another system's as its code. */
    private String reasonText(String reason, Locale locale) {
        int bar = reason.indexOf('|');
        String code = reason.substring(bar + 1);
        String key = "override." + code;
        return reason.substring(0, bar).equals(CardRenderer.OVERRIDE_SYSTEM) && messages.has(locale, key) ? messages.text(locale, key) : code;
    }

    private String text(Locale locale, String key) {
        return esc(messages.text(locale, "feedback-page." + key));
    }

    private static String bar(String kind, double rate) {
        return "<span class=\"track\"><span class=\"bar " + kind + "\" style=\"width:" + String.format(Locale.ROOT, "%.1f", rate * 100)
                + "%\"></span></span>";
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.0f %%", rate * 100);
    }

    private static String esc(Object s) {
        return HtmlUtils.htmlEscape(String.valueOf(s), "UTF-8");
    }
}
