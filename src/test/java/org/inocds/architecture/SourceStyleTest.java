package org.inocds.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the compiler cannot see: a fully qualified class name written in the code instead of an import hides a
 * dependency from the reader of the imports (ArchUnit sees both the same way, so this reads the source). A qualified
 * name is accepted only where it must be: two classes of one simple name in one file. And no source cites a file that
 * a clone of the repository does not have.
 */
class SourceStyleTest {

    private static final Path MAIN = Path.of("src/main/java");
    /** The team's working folder beside the repository (the label, the specification): a user's clone does not have it. */
    private static final String BESIDE_THE_REPOSITORY = Path.of("..", "shared").toString();
    /** Comments, text blocks, strings and char literals: not code. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\"[\\s\\S]*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|/\\*[\\s\\S]*?\\*/|//[^\\n]*");
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|jakarta|org|com|ca)\\.(?:[a-z_][a-z0-9_]*\\.)*)([A-Z][A-Za-z0-9_]*)");
    private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+)\\.(\\w+);", Pattern.MULTILINE);
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|record|interface|enum)\\s+([A-Z]\\w*)");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    static List<String> qualifiedNamesInPlaceOfImports(Path file) throws IOException {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        String code = NOT_CODE.matcher(source).replaceAll(m -> m.group().startsWith("\"") ? "\"\"" : " ");
        Map<String, String> imported = new HashMap<>();
        Matcher imports = IMPORT.matcher(source);
        while (imports.find()) {
            imported.put(imports.group(2), imports.group(1) + "." + imports.group(2));
        }
        Set<String> clashing = new HashSet<>(imported.keySet());
        Matcher declared = DECLARED.matcher(code);
        while (declared.find()) {
            clashing.add(declared.group(1));
        }
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java")).forEach(n -> clashing.add(n.substring(0, n.length() - 5)));
        }
        List<String> found = new ArrayList<>();
        for (String line : code.split("\n")) {
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher m = QUALIFIED.matcher(line);
            while (m.find()) {
                String name = m.group(2);
                String full = m.group(1) + name;
                boolean needed = clashing.contains(name) && !full.equals(imported.get(name));
                if (!needed) {
                    found.add(file + ": " + full);
                }
            }
        }
        return found;
    }

    @Test
    void classesAreImportedNotQualified() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            found.addAll(qualifiedNamesInPlaceOfImports(file));
        }
        assertThat(found).as("qualified names that an import would replace").isEmpty();
    }

    @Test
    void theCheckFindsAQualifiedName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Example.java");
        Files.writeString(file, """
                package x;

                import java.util.List;
                import org.hl7.fhir.r4.model.Resource;

                /** java.util.Map in a comment is fine, and so is "java.util.Map" in a string. */
                class Example {
                    java.util.Map<String, List<String>> byKey;                // could be imported
                    org.springframework.core.io.Resource file;                 // needed: Resource is taken
                    java.util.List<String> same;                               // imported already: qualified for nothing
                }
                """);
        assertThat(qualifiedNamesInPlaceOfImports(file)).containsExactly(file + ": java.util.Map", file + ": java.util.List");
    }

    @Test
    void noSourceCitesTheFilesBesideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : sources()) {
            if (Files.readString(file, StandardCharsets.UTF_8).contains(BESIDE_THE_REPOSITORY)) {
                found.add(file.toString());
            }
        }
        assertThat(found).as("a clone of the repository has no " + BESIDE_THE_REPOSITORY + ": cite docs/, seeds/ or ARCHITECTURE.md").isEmpty();
    }
}
