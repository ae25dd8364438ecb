package org.inocds.feedback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.inocds.cards.CallLanguage;
import org.inocds.cards.CardMessages;
import org.inocds.cards.CardRenderer;
import org.inocds.cdshooks.CdsHttpException;
import org.inocds.settings.InocdsProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The feedback summary of the cards issued in a period: per hook and per rule, cards issued, accepted and overridden,
 * the accept and override rates and the override reasons given (each card counted once, by its card id, and by its
 * latest outcome). {@code GET /admin/feedback-summary} answers a JSON client with the figures and a browser (Accept:
 * text/html) with the page, which is also at {@code /admin/feedback}: the rates as bars with their legend, each rule by
 * its title in the reader's language beside its id, the reasons in the reader's language (template
 * {@code feedback-summary.html}, words "feedback-page.*" in the card message bundles). The period is {@code ?from=} and
 * {@code ?to=} (dates, both days included, in the site's time zone), by default the last {@value #DEFAULT_DAYS} days up
 * to today. Behind the admin scope when JWT is required, as the rest of {@code /admin}.
 */
@RestController
public class FeedbackSummaryController {

    /** The period shown when none is asked for: the last 30 days, today included. */
    static final int DEFAULT_DAYS = 30;

    private static final List<String> COLUMNS = List.of("rule", "issued", "accepted", "overridden", "rates", "hooks", "reasons");
    private static final List<String> HOOK_COLUMNS = List.of("hook", "issued", "accepted", "overridden", "rates");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final FeedbackStore store;
    private final CardMessages messages;
    private final CallLanguage language;
    private final ITemplateEngine templates;
    private final Clock clock;
    private final ZoneId zone;

    public FeedbackSummaryController(FeedbackStore store, CardMessages messages, CallLanguage language, ITemplateEngine templates,
            AuditClock auditClock, InocdsProperties properties) {
        this.store = store;
        this.messages = messages;
        this.language = language;
        this.templates = templates;
        this.clock = auditClock.clock();
        this.zone = properties.site().timeZone();
    }

    /** The days asked for, both included, in the site's time zone. */
    record Period(LocalDate from, LocalDate to) {}

    private Period period(String from, String to) {
        LocalDate today = LocalDate.ofInstant(Instant.now(clock), zone);
        LocalDate last = date(to, "to", today);
        LocalDate first = date(from, "from", last.minusDays(DEFAULT_DAYS - 1));
        if (first.isAfter(last)) {
            throw new CdsHttpException.BadRequest("from must not be after to");
        }
        return new Period(first, last);
    }

    private static LocalDate date(String value, String name, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new CdsHttpException.BadRequest(name + " must be a date (yyyy-MM-dd)");
        }
    }

    private FeedbackStore.Summary summary(Period period) {
        return store.summary(period.from().atStartOfDay(zone).toInstant(), period.to().plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * The figures: {@code rules} (as before, each row now with its counts per hook), {@code hooks} (per hook) and
     * {@code period} (the days asked for; the first and last card issued and feedback given in it).
     */
    @GetMapping(value = "/admin/feedback-summary", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> summary(@RequestParam(value = "from", required = false) String from,
            @RequestParam(value = "to", required = false) String to) {
        Period period = period(from, to);
        var summary = summary(period);
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("from", period.from().toString());
        span.put("to", period.to().toString());
        span.put("firstIssued", text(summary.firstIssued()));
        span.put("lastIssued", text(summary.lastIssued()));
        span.put("firstFeedback", text(summary.firstOutcome()));
        span.put("lastFeedback", text(summary.lastOutcome()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rules", summary.rules());
        answer.put("hooks", summary.hooks());
        answer.put("period", span);
        return answer;
    }

    @GetMapping(value = {"/admin/feedback", "/admin/feedback-summary"}, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@RequestParam(value = "lang", required = false) String lang,
            @RequestParam(value = "from", required = false) String from, @RequestParam(value = "to", required = false) String to,
            @RequestHeader(value = "Accept-Language", required = false) String acceptLanguage) {
        Locale locale = language.choose(lang != null ? lang : acceptLanguage);
        Period period = period(from, to);
        var summary = summary(period);
        List<Row> rows = summary.rules().stream().map(row -> row(row, locale)).toList();
        List<Row> hooks = summary.hooks().stream().map(row -> hookRow(row, locale)).toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("lang", locale.getLanguage());
        model.put("languages", messages.languageNames());
        model.put("columns", COLUMNS);
        model.put("hookColumns", HOOK_COLUMNS);
        model.put("rows", rows);
        model.put("hooks", hooks);
        // the language links keep a period asked for; without one, each language shows its default
        model.put("periodQuery", (from == null || from.isBlank() ? "" : "&from=" + period.from())
                + (to == null || to.isBlank() ? "" : "&to=" + period.to()));
        model.put("from", period.from().toString());
        model.put("to", period.to().toString());
        model.put("period", Map.of("from", period.from().toString(), "to", period.to().toString(),
                "days", period.to().toEpochDay() - period.from().toEpochDay() + 1,
                "zone", zone.getRules().getOffset(Instant.now(clock)).getId()));
        model.put("issuedSpan", summary.firstIssued() == null ? null
                : Map.of("first", minute(summary.firstIssued()), "last", minute(summary.lastIssued())));
        model.put("feedbackSpan", summary.firstOutcome() == null ? null
                : Map.of("first", minute(summary.firstOutcome()), "last", minute(summary.lastOutcome())));
        var page = new Context(locale, model);
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .body(templates.process("feedback-summary", page));
    }

    /**
     * One rule's (or hook's) figures as the page shows them.
     *
     * @param title the rule's title in the reader's language (empty for a hook, or a rule without one)
     * @param hooks the cards issued per hook, for a rule
     */
    public record Row(String rule, String title, Object issued, Object accepted, Object overridden, String acceptWidth,
            String acceptPercent, String overrideWidth, String overridePercent, List<HookCount> hooks, List<Reason> reasons) {}

    /** Cards of a rule issued at one hook (named in the reader's language). */
    public record HookCount(String hook, Object issued) {}

    /** An override reason in the reader's language (or as received, shown as text) and how often it was given. */
    public record Reason(String text, long count) {}

    @SuppressWarnings("unchecked")
    private Row row(Map<String, Object> row, Locale locale) {
        String rule = (String) row.get("rule");
        String titleKey = "rule." + rule + ".title";
        var reasons = ((Map<String, Long>) row.get("overrideReasons")).entrySet().stream()
                .map(r -> new Reason(reasonText(r.getKey(), locale), r.getValue())).toList();
        var hooks = ((Map<String, Map<String, Object>>) row.get("hooks")).entrySet().stream()
                .map(h -> new HookCount(hookName(h.getKey(), locale), h.getValue().get("issued"))).toList();
        return bars(rule, messages.has(locale, titleKey) ? messages.text(locale, titleKey) : "", row, hooks, reasons);
    }

    private Row hookRow(Map<String, Object> row, Locale locale) {
        String hook = (String) row.get("hook");
        return bars(hook, hookName(hook, locale), row, List.of(), List.of());
    }

    /** A hook by its name in the reader's language (its code in it), or by its code. */
    private String hookName(String hook, Locale locale) {
        String key = "feedback-page.hook." + hook;
        return messages.has(locale, key) ? messages.text(locale, key) : hook;
    }

    private static Row bars(String name, String title, Map<String, Object> row, List<HookCount> hooks, List<Reason> reasons) {
        double accept = ((Number) row.get("acceptRate")).doubleValue();
        double override = ((Number) row.get("overrideRate")).doubleValue();
        return new Row(name, title, row.get("issued"), row.get("accepted"), row.get("overridden"), width(accept), percent(accept),
                width(override), percent(override), hooks, reasons);
    }

    /**
     * "system|code": a reason the cards offer (ours) by its display in the reader's language, as the card offered it;
     * any other as its code, which the template escapes as text.
     */
    private String reasonText(String reason, Locale locale) {
        int bar = reason.indexOf('|');
        String code = reason.substring(bar + 1);
        String key = "override." + code;
        return reason.substring(0, bar).equals(CardRenderer.OVERRIDE_SYSTEM) && messages.has(locale, key) ? messages.text(locale, key) : code;
    }

    private String minute(Instant at) {
        return at == null ? "" : MINUTE.format(at.atZone(zone));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String width(double rate) {
        return String.format(Locale.ROOT, "%.1f", rate * 100);
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.0f %%", rate * 100);
    }
}
