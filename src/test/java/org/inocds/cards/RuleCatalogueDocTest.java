package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.Locale;
import org.inocds.record.RecordPart;
import org.inocds.rules.Rule;
import org.inocds.rules.RuleFamily;
import org.inocds.rules.RuleId;
import org.inocds.rules.RuleBook;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.StandardRuleBook;

/**
 * {@code docs/rule-catalogue.md} is written from the code, so that it cannot drift: each rule family, each rule id
 * with its label section, what it decides (the rule page's text, both languages) and the parts of the record it
 * reads (its {@code DataNeeds}). When a rule changes, run this test with {@code -Dinocds.write-docs=true} to rewrite
 * the file, and commit it.
 */
class RuleCatalogueDocTest {

    private static final Path DOC = Path.of("docs/rule-catalogue.md");
    private final CardMessages messages = new CardMessages();

    String render() {
        StringBuilder md = new StringBuilder();
        md.append("# Rule catalogue\n\n")
                .append("Every rule the service evaluates, as the code defines it: its id, the section of the Japanese package insert\n")
                .append("(1st ed., Jan 2018) or the service check it comes from, what it decides, and the parts of the patient record it\n")
                .append("reads (one per prefetch key). A rule whose data failed or was cut short concludes nothing; the data-quality card\n")
                .append("names it. Written from the code by `RuleCatalogueDocTest` (run it with `-Dinocds.write-docs=true` after a change);\n")
                .append("the label's facts and figures, and where the service chose for itself, are in `seeds/label-digest.md`. Each rule\n")
                .append("also has a page at `/rules/{id}` in Japanese and English.\n");
        for (Rule family : StandardRuleBook.create().rules()) {
            md.append("\n## ").append(family.getClass().getSimpleName()).append("\n\n")
                    .append("| id | title | source | decides | reads |\n| --- | --- | --- | --- | --- |\n");
            for (RuleId id : family.ids()) {
                row(md, id, reads(id));
            }
        }
        md.append("\n## RuleBook (engine)\n\n| id | title | source | decides | reads |\n| --- | --- | --- | --- | --- |\n");
        RuleFamily.ENGINE.rules().forEach(id -> row(md, id, "—"));
        return md.toString();
    }

    /** The parts of the record a rule reads (its declaration), and the results among them. */
    private static String reads(RuleId id) {
        String parts = id.reads().parts().stream().map(RecordPart::key).map(k -> "`" + k + "`").collect(Collectors.joining(", "));
        String analytes = id.reads().analytes().stream().map(a -> a.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
        return (parts.isEmpty() ? "the order only" : parts) + (analytes.isEmpty() ? "" : " (results: " + analytes + ")")
                + (id.reads().draftOrders() ? "; the call's other draft orders" : "");
    }

    private void row(StringBuilder md, RuleId id, String reads) {
        md.append("| ").append(id.code())
                .append(" | ").append(cell(CardMessages.ENGLISH, id.pageKey("title"))).append(" / ")
                .append(cell(CardMessages.JAPANESE, id.pageKey("title")))
                .append(" | ").append(messages.section(CardMessages.ENGLISH, id).replace("|", "\\|"))
                .append(" | ").append(cell(CardMessages.ENGLISH, id.pageKey("explanation")))
                .append(" | ").append(reads).append(" |\n");
    }

    private String cell(java.util.Locale locale, String key) {
        return messages.text(locale, key).replace("|", "\\|").replace("\n", " ");
    }

    @Test
    void theCatalogueInDocsIsTheOneTheCodeDefines() throws IOException {
        String expected = render();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/rule-catalogue.md"), expected, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("inocds.write-docs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC)).as(DOC + " exists (write it with -Dinocds.write-docs=true)").isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as(DOC + " is out of date: rewrite it with -Dinocds.write-docs=true (the new text is in target/rule-catalogue.md)")
                .isEqualTo(expected);
    }
}
