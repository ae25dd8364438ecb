package org.inocds.feedback;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /admin/feedback} (and {@code /admin/feedback-summary} asked for HTML): the feedback summary for people — per rule, cards issued, accepted and overridden, the
 * accept and override rates as bars, and the override reasons given (the same figures as
 * {@code /admin/feedback-summary}; each card counted once, by its latest outcome). Behind the admin scope when JWT is
 * required, as the rest of {@code /admin}.
 */
@RestController
public class FeedbackSummaryPage {

    private final FeedbackStore store;

    public FeedbackSummaryPage(FeedbackStore store) {
        this.store = store;
    }

    /** Also at {@code /admin/feedback-summary} for a browser (Accept: text/html); JSON clients get the figures there. */
    @GetMapping(value = {"/admin/feedback", "/admin/feedback-summary"}, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam(value = "lang", required = false) String lang) {
        boolean ja = "ja".equals(lang);
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"").append(ja ? "ja" : "en")
                .append("\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>")
                .append(ja ? "フィードバック集計" : "Feedback summary").append("</title><style>body{font-family:'Noto Sans CJK JP',sans-serif;"
                        + "max-width:70rem;margin:1.5rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                        + "padding:.25rem .5rem;vertical-align:middle}.bar{height:.9rem;display:inline-block}.acc{background:#2e8b57}"
                        + ".ovr{background:#d2691e}.track{width:14rem;background:#eee;display:inline-block}</style></head><body>")
                .append("<h1>").append(ja ? "フィードバック集計（規則ごと）" : "Feedback by rule").append("</h1>")
                .append("<p><a href=\"?lang=ja\">日本語</a> · <a href=\"?lang=en\">English</a></p>");
        List<Map<String, Object>> rows = store.summary();
        if (rows.isEmpty()) {
            html.append("<p>").append(ja ? "まだカードは発行されていません。" : "No cards issued yet.").append("</p>");
        } else {
            html.append("<table><tr><th>").append(ja ? "規則" : "Rule").append("</th><th>").append(ja ? "発行" : "Issued")
                    .append("</th><th>").append(ja ? "採用" : "Accepted").append("</th><th>").append(ja ? "オーバーライド" : "Overridden")
                    .append("</th><th>").append(ja ? "採用率・オーバーライド率" : "Accept and override rates").append("</th><th>")
                    .append(ja ? "オーバーライド理由" : "Override reasons").append("</th></tr>");
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
                reasons.forEach((reason, n) -> html.append(esc(reason.substring(reason.indexOf('|') + 1))).append(" × ").append(n).append("<br>"));
                html.append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("</body></html>");
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html.toString());
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
