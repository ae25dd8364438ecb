package org.inocds.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.inocds.rules.RuleId;
import org.junit.jupiter.api.Test;

/**
 * A rule's id is written once, in its declaration ({@code rules/RuleId}): the families, the engine, the reader's data
 * problems, the cards and the pages take it from there, so that no list of rules kept by hand can drift from what the
 * rules read. This scan refuses a string literal (or text block) in main code that holds a rule id — any id of a family
 * the catalogue declares, in upper or lower case (a message key such as {@code hem-1.hold} is built from the declaration
 * too: {@code RuleId.messageKey}). Comments may cite rules; the message bundles hold keys by id.
 */
class RuleIdLiteralTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path DECLARATION = MAIN.resolve("org/inocds/rules/RuleId.java");

    /** ELIG-1, hem-1.hold, "DQ-5": a declared family prefix, a hyphen and a number. */
    private static final Pattern RULE_ID = Pattern.compile("(?i)(?<![A-Za-z0-9])("
            + Arrays.stream(RuleId.values()).map(r -> r.code().substring(0, r.code().indexOf('-'))).distinct()
                    .collect(Collectors.joining("|"))
            + ")-[0-9]+(?![0-9])");

    @Test
    void noRuleIdIsWrittenOutsideItsDeclaration() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(DECLARATION)).toList()) {
                for (String literal : literals(Files.readString(file, StandardCharsets.UTF_8))) {
                    if (RULE_ID.matcher(literal).find()) {
                        found.add(MAIN.relativize(file) + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertThat(found).as("rule ids written outside rules/RuleId (use the declaration)").isEmpty();
    }

    @Test
    void theScanFindsWhatItRefuses() {
        assertThat(literals("String a = \"VOD-4\"; // HEM-1 in a comment\n/* DOSE-2 */ var b = \"\"\"\n  mon-3.qt\"\"\"; char c = '\"';"))
                .containsExactly("VOD-4", "\n  mon-3.qt");
        assertThat(RULE_ID.matcher("status-1.blocked").find()).isTrue();
        assertThat(RULE_ID.matcher("UTF-8").find()).isFalse();
        assertThat(RULE_ID.matcher("SHA-256").find()).isFalse();
    }

    /** The string literals and text blocks of a Java source, without its comments and character literals. */
    static List<String> literals(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                i = src.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (src.startsWith("/*", i)) {
                i = src.indexOf("*/", i + 2);
                i = i < 0 ? n : i + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                out.add(src.substring(src.indexOf('\n', i) < 0 ? i + 3 : Math.min(src.indexOf('\n', i), end), end));
                i = Math.min(n, end + 3);
            } else if (c == '"' || c == '\'') {
                StringBuilder s = new StringBuilder();
                int j = i + 1;
                while (j < n && src.charAt(j) != c) {
                    if (src.charAt(j) == '\\' && j + 1 < n) {
                        s.append(src.charAt(j + 1));
                        j += 2;
                    } else {
                        s.append(src.charAt(j++));
                    }
                }
                if (c == '"') {
                    out.add(s.toString());
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
