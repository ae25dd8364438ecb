package org.inocds.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.Test;

/**
 * The docs stay short and true where a machine can tell: the README's first screen holds the two commands that set
 * everything up (and the test command is the one CI runs), the README stays under 250 lines, every docs page is linked
 * from it, and every file or class the docs name exists in the repository.
 */
class DocsTest {

    private static final Path README = Path.of("README.md");
    /** What a terminal or a repository page shows before any scrolling. */
    private static final int FIRST_SCREEN = 24;
    /** A file named with its extension, e.g. scripts/soak.sh or src/main/resources/application.yml. */
    private static final Pattern FILE = Pattern.compile(
            "(?<![\\w/.{<*-])((?:[\\w.-]+/)+[\\w-]+(?:\\.[\\w-]+)*\\.(?:java|sh|md|yml|yaml|json|py|lua|properties|sql|png))(?![\\w/*])");
    /** A class named by its package folder, e.g. feedback/IssuedCardLog or record/InotuzumabDose.onePerDay. */
    private static final Pattern CLASS = Pattern.compile("(?<![\\w/.{<*-])((?:[a-z][a-z0-9-]*/)+[A-Z][a-z]\\w+)(?![\\w/<*])");
    private static final List<String> ROOTS = List.of("", "src/main/java/org/inocds/", "src/test/java/org/inocds/", "src/main/resources/",
            "src/jmh/java/org/inocds/");

    static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(README, Path.of("ARCHITECTURE.md")));
        try (Stream<Path> files = Files.list(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        docs.add(Path.of("seeds/label-digest.md"));
        return docs;
    }

    @Test
    void theFirstScreenOfTheReadmeHoldsTheTwoCommands() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        List<String> firstScreen = lines.subList(0, Math.min(FIRST_SCREEN, lines.size()));
        assertThat(firstScreen).as("start the service on its embedded default").contains("    ./mvnw spring-boot:run");
        assertThat(firstScreen).as("run every test").contains("    ./mvnw -B verify");
        // the test command is exactly the one CI runs on a fresh clone
        assertThat(Files.readAllLines(Path.of(".ci/run"), StandardCharsets.UTF_8)).contains("./mvnw -B verify");
    }

    @Test
    void theReadmeIsShortAndLinksEveryDocsPage() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertThat(readme.lines().count()).as("README lines").isLessThan(250);
        for (Path doc : docs()) {
            if (doc.startsWith("docs")) {
                assertThat(readme).as("README links " + doc).contains("`docs/" + doc.getFileName() + "`");
            }
        }
    }

    /** SMART scopes name a FHIR resource type after a context: {@code patient/Observation.rs}, {@code user/Patient.read}. */
    private static final Pattern SMART_SCOPE = Pattern.compile("(patient|user|system)/[A-Z][A-Za-z]+");

    @Test
    void everyFileAndClassTheDocsNameExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path doc : docs()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            for (Pattern pattern : List.of(FILE, CLASS)) {
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    if (name.startsWith("target/") || name.contains("://") || SMART_SCOPE.matcher(name).matches()) {
                        continue; // written by a build, an address, or a SMART scope (patient/Observation.rs)
                    }
                    if (ROOTS.stream().noneMatch(root -> exists(root + name))) {
                        missing.add(doc + ": " + name);
                    }
                }
            }
        }
        assertThat(missing).as("files and classes named in the docs that the repository does not have").isEmpty();
    }

    /** The check itself finds what it should, and leaves units, time zones and media types alone. */
    @Test
    void theCheckReadsFilesAndClassesOnly() {
        String text = "see `feedback/IssuedCardLog` and scripts/soak.sh, `record/InotuzumabDose.onePerDay`, "
                + "mg/dL, µmol/L, Asia/Tokyo, application/json, `rules/<Family>Rule.java`, /etc/inocds/knowledge/*.json, "
                + "https://example.org/x/jwks.json, `fhir-resources/demo/*.json`, --data @examples/x.json, patient/Observation.rs";
        List<String> found = new ArrayList<>();
        for (Pattern pattern : List.of(FILE, CLASS)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (!SMART_SCOPE.matcher(m.group(1)).matches()) {
                    found.add(m.group(1));
                }
            }
        }
        assertThat(found).containsExactlyInAnyOrder("scripts/soak.sh", "examples/x.json", "feedback/IssuedCardLog", "record/InotuzumabDose");
    }

    /** The settings table says two derived defaults in words: they must be the shares the code takes. */
    @Test
    void theSettingsTableStatesTheHeapSharesTheCodeTakes() throws IOException {
        List<String> table = Files.readAllLines(Path.of("docs/settings.md"), StandardCharsets.UTF_8);
        String fetched = table.stream().filter(l -> l.startsWith("| `inocds.fetch.max-fetched-in-progress` |")).findFirst().orElseThrow();
        assertThat(InocdsProperties.Fetch.HEAP_SHARE_OF_FETCHED).isEqualTo(5);
        assertThat(InocdsProperties.Fetch.FETCHED_EXPANSION).isEqualTo(8);
        assertThat(fetched).contains("a fifth of the heap", "each counted 8 times");
    }

    private static boolean exists(String name) {
        return Files.exists(Path.of(name)) || Files.exists(Path.of(name + ".java"));
    }

    @Test
    void noDocCitesTheFilesBesideTheRepository() throws IOException {
        for (Path doc : docs()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            assertThat(text).as(doc + ": a clone of the repository has none of it").doesNotContain("../shared", "/work/shared");
        }
    }
}
