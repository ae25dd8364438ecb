package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.inocds.rules.OverrideReason;
import org.inocds.rules.Topic;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.StandardRuleBook;

/** Japanese and English are complete: a message in one language only fails the build. */
class CardMessagesTest {

    private final CardMessages messages = new CardMessages();

    @Test
    void everyKeyExistsInBothLanguages() {
        Set<String> ja = messages.keys(CardMessages.JAPANESE);
        Set<String> en = messages.keys(CardMessages.ENGLISH);
        assertThat(diff(en, ja)).as("keys in English only").isEmpty();
        assertThat(diff(ja, en)).as("keys in Japanese only").isEmpty();
    }

    @Test
    void bothLanguagesUseTheSamePlaceholders() {
        for (String key : messages.keys(CardMessages.ENGLISH)) {
            assertThat(placeholders(CardMessages.JAPANESE, key)).as(key).isEqualTo(placeholders(CardMessages.ENGLISH, key));
        }
    }

    @Test
    void japaneseTextsAreJapanese() {
        for (String key : messages.keys(CardMessages.JAPANESE)) {
            String ja = raw(CardMessages.JAPANESE, key);
            String en = raw(CardMessages.ENGLISH, key);
            if (!ja.equals(en)) {
                continue;
            }
            // only formula-like texts may be identical in both languages
            assertThat(ja).as(key).doesNotContainPattern("[A-Za-z]{4,} [A-Za-z]{4,}");
        }
    }

    @Test
    void everyTopicAndOverrideReasonHasADisplay() {
        for (Topic t : Topic.values()) {
            assertThat(messages.has(CardMessages.JAPANESE, "topic." + t.code())).as(t.code()).isTrue();
            assertThat(messages.has(CardMessages.ENGLISH, "topic." + t.code())).as(t.code()).isTrue();
        }
        for (OverrideReason r : OverrideReason.values()) {
            assertThat(messages.has(CardMessages.JAPANESE, "override." + r.code())).as(r.code()).isTrue();
            assertThat(messages.has(CardMessages.ENGLISH, "override." + r.code())).as(r.code()).isTrue();
        }
    }

    @Test
    void everyRuleWithCardsHasAPage() {
        java.util.List<String> rules = new java.util.ArrayList<>(java.util.List.of("DQ-5"));
        StandardRuleBook.create().rules().forEach(r -> r.ids().forEach(id -> rules.add(id.code())));
        assertThat(rules).hasSizeGreaterThan(50);
        for (String rule : rules) {
            for (String part : new String[] {"title", "explanation"}) {
                assertThat(messages.has(CardMessages.JAPANESE, "rule." + rule + "." + part)).as(rule + " " + part + " (ja)").isTrue();
                assertThat(messages.has(CardMessages.ENGLISH, "rule." + rule + "." + part)).as(rule + " " + part + " (en)").isTrue();
            }
        }
    }

    @Test
    void missingPlaceholderValueFailsLoudly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> messages.text(CardMessages.ENGLISH, "dose-2.calculation.summary", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("{cycle}");
    }

    private String raw(java.util.Locale locale, String key) {
        return java.util.ResourceBundle.getBundle("messages.cards", locale,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES)).getString(key);
    }

    private Set<String> placeholders(java.util.Locale locale, String key) {
        Set<String> names = new HashSet<>();
        CardMessages.arguments(raw(locale, key), names, new HashSet<>()); // ICU's MessagePattern: nested arguments too
        return names;
    }

    private static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    /**
     * The label's figures that the code decides by (6, 7, 14, 21, 28 days) reach the card texts from the code
     * ({@code CardRenderer.LABEL_FIGURES}), never as literals a change to the code would leave behind. Rule pages, the
     * label's own headings a rule cites ({@code label.*}) and quoted trial facts are prose about the label and keep their
     * words.
     */
    @Test
    void cardTextsTakeTheLabelsFiguresFromTheCode() {
        var literal = java.util.regex.Pattern.compile("(?<![\\d.{])(6|7|14|21|28) ?(days|日|or more)");
        for (java.util.Locale locale : java.util.List.of(CardMessages.ENGLISH, CardMessages.JAPANESE)) {
            for (String key : messages.keys(locale)) {
                if (key.startsWith("rule.") || key.startsWith("label.")) {
                    continue;
                }
                assertThat(literal.matcher(raw(locale, key)).find()).as(locale + " " + key + ": " + raw(locale, key)).isFalse();
            }
        }
        assertThat(CardRenderer.LABEL_FIGURES).containsEntry("minIntervalDays", 6).containsEntry("levelHoldDays", 14)
                .containsEntry("longHoldDays", 28).containsEntry("cycle1Days", 21);
    }
}
