package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.inocds.rules.LabelSection;
import org.inocds.rules.RuleId;
import org.junit.jupiter.api.Test;

/**
 * A rule's messages ({@code <id in lower case>.*}) against its declaration and its family's code: the keys a family's
 * {@code Finding.of(RuleId.X, …, "suffix")} and {@code RuleId.X.messageKey("…")} name exist in both bundles, each with
 * its summary and detail; every key of a rule takes the same figures (placeholders) in both languages, so a figure named
 * in one language and missing in the other cannot drift in; and every place of the label a rule cites has words in both.
 */
class RuleMessagesTest {

    /** A finding of a named rule with a literal message: {@code Finding.of(RuleId.HEM_1, …, "hold")}. */
    private static final Pattern FINDING = Pattern.compile("Finding\\.of\\(\\s*RuleId\\.([A-Z_0-9]+)\\s*,[^;]*?\"([a-z0-9.-]+)\"\\s*\\)");
    /** A rule's key named in code: {@code RuleId.VOD_1.messageKey("risk-factors.item.")}. */
    private static final Pattern MESSAGE_KEY = Pattern.compile("RuleId\\.([A-Z_0-9]+)\\.messageKey\\(\"([a-z0-9.-]+)\"\\)");

    private final Map<String, Properties> bundles = Map.of("en", load("en"), "ja", load("ja"));

    @Test
    void everyKeyOfARuleTakesTheSameFiguresInBothLanguages() {
        for (RuleId rule : RuleId.values()) {
            String prefix = rule.messageKey("");
            Set<String> keys = new TreeSet<>();
            bundles.values().forEach(b -> b.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(keys::add));
            for (String key : keys) {
                assertThat(bundles.get("ja").getProperty(key)).as("ja " + key).isNotNull();
                assertThat(bundles.get("en").getProperty(key)).as("en " + key).isNotNull();
                assertThat(figures("ja", key)).as("figures of " + key + " (ja against en)").isEqualTo(figures("en", key));
            }
            // a finding's message is a summary and a detail: one without the other is a card with half its text
            for (String key : keys) {
                if (key.endsWith(".summary")) {
                    assertThat(keys).as(key).contains(key.substring(0, key.length() - ".summary".length()) + ".detail");
                }
            }
        }
    }

    @Test
    void everyMessageAFamilyNamesIsInBothBundles() throws IOException {
        List<String> named = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/org/inocds"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = Files.readString(source);
                Matcher finding = FINDING.matcher(code);
                while (finding.find()) {
                    String key = RuleId.valueOf(finding.group(1)).messageKey(finding.group(2));
                    named.add(key);
                    for (String language : bundles.keySet()) {
                        assertThat(bundles.get(language).getProperty(key + ".summary")).as(language + " " + key + ".summary, " + source).isNotNull();
                        assertThat(bundles.get(language).getProperty(key + ".detail")).as(language + " " + key + ".detail, " + source).isNotNull();
                    }
                }
                Matcher messageKey = MESSAGE_KEY.matcher(code);
                while (messageKey.find()) {
                    String key = RuleId.valueOf(messageKey.group(1)).messageKey(messageKey.group(2));
                    named.add(key);
                    // a key or, for a list's item prefix ("….item."), the start of its items' keys
                    String start = key.endsWith(".") ? key : key + ".";
                    for (String language : bundles.keySet()) {
                        assertThat(bundles.get(language).stringPropertyNames().stream()
                                .anyMatch(k -> k.equals(key) || k.startsWith(start))).as(language + " " + key + ", " + source).isTrue();
                    }
                }
            }
        }
        // the scan itself must see the families' findings, or it proves nothing
        assertThat(named).hasSizeGreaterThan(40);
    }

    @Test
    void everyPlaceOfTheLabelARuleCitesHasWordsInBothLanguages() {
        for (RuleId rule : RuleId.values()) {
            assertThat(rule.cites()).as(rule.code()).isNotEmpty();
            for (LabelSection.Citation cite : rule.cites()) {
                for (String language : bundles.keySet()) {
                    assertThat(bundles.get(language).getProperty(cite.section().messageKey())).as(language + " " + rule).isNotNull();
                    cite.heading().ifPresent(h -> assertThat(bundles.get(language).getProperty(h.messageKey())).as(language + " " + rule).isNotNull());
                }
            }
        }
    }

    /** The message's arguments as ICU MessageFormat reads them, nested ones (inside a plural or select) included. */
    private Set<String> figures(String language, String key) {
        Set<String> names = new TreeSet<>();
        CardMessages.arguments(bundles.get(language).getProperty(key), names, new TreeSet<>());
        return names;
    }

    private static Properties load(String language) {
        Properties p = new Properties();
        try (InputStream in = RuleMessagesTest.class.getResourceAsStream("/messages/cards_" + language + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
