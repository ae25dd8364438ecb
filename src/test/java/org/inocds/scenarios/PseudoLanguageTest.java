package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.inocds.cards.CardMessages;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.inocds.rules.family.StandardRuleBook;

/**
 * Adding a language is adding one bundle file (docs/adding-a-language.md), and every word a person reads comes from
 * it. The proof: a pseudo-language, Esperanto ({@code eo}), whose bundle is the English one with every message wrapped
 * in ⟦…⟧, is added on the classpath of a running service — nothing else changes. Every scenario is called in it, and
 * every card field a person reads, every rule page, a timeline page and the feedback page must then consist of
 * wrapped messages, values from the patient's own data, numbers, dates, units and ids. A word left over was written in
 * Java, not in a bundle.
 */
@Import(PseudoLanguageTest.PseudoLanguage.class)
class PseudoLanguageTest extends ScenarioHttpTest {

    static final Locale PSEUDO = Locale.forLanguageTag("eo");

    @TestConfiguration
    static class PseudoLanguage {

        /** The service's bundles plus messages/cards_eo.properties, written from the English one at start. */
        @Bean
        @Primary
        CardMessages pseudoMessages() throws IOException {
            Properties english = new Properties();
            try (Reader in = new InputStreamReader(CardMessages.class.getResourceAsStream("/messages/cards_en.properties"), StandardCharsets.UTF_8)) {
                english.load(in);
            }
            Properties pseudo = new Properties();
            // each literal stretch wrapped, each {placeholder} left outside: a value the code words itself then shows
            english.forEach((key, value) -> pseudo.put(key, wrapLiterals((String) value)));
            Path root = Files.createTempDirectory("pseudo-language");
            Files.createDirectories(root.resolve("messages"));
            try (OutputStream out = Files.newOutputStream(root.resolve("messages/cards_eo.properties"))) {
                pseudo.store(out, "pseudo-language for PseudoLanguageTest"); // non-ASCII as \\u escapes
            }
            return new CardMessages(new URLClassLoader(new URL[] {root.toUri().toURL()}, CardMessages.class.getClassLoader()));
        }
    }

    static String wrapLiterals(String template) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("\\{[A-Za-z0-9_.]+}").matcher(template);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.append('⟦').append(template, at, m.start()).append('⟧');
            }
            out.append(m.group());
            at = m.end();
        }
        if (at < template.length()) {
            out.append('⟦').append(template.substring(at)).append('⟧');
        }
        return out.toString();
    }

    private static final Pattern WRAPPED = Pattern.compile("⟦[^⟦⟧]*⟧");
    /** Ids, cycle-day codes, units and number-like tokens: not words of a language. */
    private static final Pattern NOT_WORDS = Pattern.compile(
            "\\b[A-Z]{2,6}-\\d{1,2}\\b|\\bC\\d+D\\d+\\b|\\b[CD]\\d+\\b|\\bL\\d\\b|https?://\\S+|[A-Za-z]+/[A-Za-z]+/\\S*");
    private static final Pattern WORD = Pattern.compile("[A-Za-z\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]{2,}");
    private static final Set<String> UNITS = Set.of("mg", "mL", "dL", "µL", "uL", "kg", "cm", "ms", "min", "mmol", "µmol", "umol", "mcg",
            "ug", "U", "IU", "ULN");

    /** The words of the patient's data (the request with its prefetch), lower case. */
    private static Set<String> words(String data) {
        Set<String> words = new TreeSet<>();
        WORD.matcher(data.toLowerCase(Locale.ROOT)).results().forEach(m -> words.add(m.group()));
        return words;
    }

    /** Words of {@code text} that are neither in a wrapped message nor in the patient's data. */
    private static Set<String> unwrapped(String text, Set<String> data) {
        // messages nest (a value worded from another message): unwrap from the inside out; a summary clipped to its
        // 140 characters may have lost its closing mark
        // a summary clipped to its 140 characters may end inside a word of the data ("sever…")
        String rest = text.replaceAll("\\p{L}+…$", "…");
        for (String before = null; !rest.equals(before); ) {
            before = rest;
            rest = WRAPPED.matcher(rest).replaceAll(" ");
        }
        rest = NOT_WORDS.matcher(rest.replaceAll("⟦[^⟧]*$", " ")).replaceAll(" ");
        Set<String> found = new TreeSet<>();
        Matcher w = WORD.matcher(rest);
        while (w.find()) {
            String word = w.group();
            if (!UNITS.contains(word) && !data.contains(word.toLowerCase(Locale.ROOT))) {
                found.add(word);
            }
        }
        return found;
    }

    private static void collect(Map<String, Set<String>> into, String where, String text, Set<String> data) {
        for (String word : unwrapped(text, data)) {
            // chart text is cut at a length with an ellipsis: the start of one of the patient's own words is theirs too
            if (text.toLowerCase(Locale.ROOT).contains(word + "…") && data.stream().anyMatch(d -> d.startsWith(word))) {
                continue;
            }
            into.computeIfAbsent(word, w -> new TreeSet<>()).add(where);
        }
    }

    @Test
    void thePseudoLanguageIsChosenLikeAnyOther() {
        assertThat(cds.get("/rules/HEM-1?lang=eo", Map.of()).body()).contains("<html lang=\"eo\">", "⟦");
        assertThat(cds.get("/rules/HEM-1", Map.of("Accept-Language", "eo")).body()).contains("<html lang=\"eo\">");
    }

    @Autowired
    InocdsProperties settings;

    @Test
    void everyCardAndPageIsWordedFromTheBundle() throws IOException {
        Map<String, Set<String>> hardCoded = new TreeMap<>();
        // the site's own words are its to translate: its premedication orders (names and routes)
        String siteWords = settings.premedication().stream().map(i -> i.display() + " " + i.routeDisplay()).collect(Collectors.joining(" "));
        int cards = 0;
        for (String id : ScenarioFiles.ids().toList()) {
            JsonNode expect = loaded(id);
            String service = "inotuzumab-" + expect.get("hook").asText();
            JsonNode request = withFullPrefetch(ScenarioFiles.request(id, expect.get("hook").asText(), expect), cds, service);
            Set<String> data = words(request.toString() + " " + siteWords);
            var answer = cds.call(service, request, "eo");
            assertThat(answer.status()).as(id).isEqualTo(200);
            for (JsonNode card : answer.json().get("cards")) {
                String where = id + " " + card.at("/extension/inocds.finding/rules/0").asText();
                List<String> texts = new ArrayList<>(List.of(card.path("summary").asText(), card.path("detail").asText(),
                        card.at("/source/label").asText(), card.at("/source/topic/display").asText()));
                card.path("suggestions").forEach(s -> texts.add(s.path("label").asText()));
                card.path("links").forEach(l -> texts.add(l.path("label").asText()));
                card.path("overrideReasons").forEach(r -> texts.add(r.path("display").asText()));
                texts.forEach(t -> collect(hardCoded, where, t, data));
                cards++;
            }
        }
        assertThat(cards).isGreaterThan(90);
        List<String> ids = new ArrayList<>(List.of("DQ-5"));
        StandardRuleBook.create().rules().forEach(r -> r.ids().forEach(id -> ids.add(id.code())));
        // a rule page shows the site's settings in force: its premedication orders are its words, as on the cards
        Set<String> languageNames = words("English 日本語 " + siteWords);
        for (String rule : ids) {
            collect(hardCoded, "/rules/" + rule, html(cds.get("/rules/" + rule + "?lang=eo", Map.of()).body()), languageNames);
        }
        for (String page : List.of("/timeline/s14-level1-not-followed?lang=eo&planned=2026-01-10", "/timeline/s40-vod-active?lang=eo",
                "/admin/feedback?lang=eo")) {
            String body = cds.get(page, Map.of()).body();
            // the patient's name is data (here the scenario Bundle's "s14-… Scenario")
            collect(hardCoded, page, html(body), words("English 日本語 s14-level1-not-followed s40-vod-active Scenario"));
        }
        hardCoded.forEach((word, where) -> System.out.println("PSEUDO " + word + " <- " + where));
        assertThat(hardCoded.keySet()).as("words written in Java rather than in the message bundles (with where they appear)")
                .isSubsetOf(KNOWN_GAPS);
    }

    /** The visible text of a page, and the words of its chart data (the timeline's JSON block). */
    private static String html(String page) {
        // what a page marks as code (a FHIR resource type, a prefetch key, a setting, a unit) is not a word of a language
        return page.replaceAll("(?s)<style.*?</style>", " ").replaceAll("(?s)<code[^>]*>.*?</code>", " ").replaceAll("<[^>]+>", " ").replace("&amp;", "&").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replaceAll("\"[\\w-]+\":", " ").replace("\"eo\"", " ");
    }

    /**
     * Words the rules still build in Java (the findings carry text where they should carry typed facts): each is a
     * place to move into the bundles. This list may only shrink.
     */
    private static final Set<String> KNOWN_GAPS = Set.of();
}
