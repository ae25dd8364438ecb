package org.inocds.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page tells each demo patient's one-line story in the page's language (issue 23 item 7): in Japanese the
 * translation its Bundle carries on the story tag's display, in English the display itself — for every demo patient,
 * picked one after another, and again after the language is switched on the page.
 */
class DemoStoriesBrowserTest extends ServiceHttpTest {

    @RegisterExtension
    static final BrowserSession BROWSER = BrowserSession.of(1400, 1000);

    private static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";
    /** An English word of prose (a capitalised or lower-case word of 3 letters or more); codes such as ANC, C1D1 or ULN are not. */
    private static final Pattern ENGLISH_WORD = Pattern.compile("\\b[A-Z]?[a-z]{3,}\\b");
    /** Names that stay as they are in Japanese text: the terminologies and the profile. */
    private static final List<String> NAMES = List.of("RxNorm", "Core");

    /** Each demo patient's story, by patient id: "en" the tag's display, "ja" its translation. */
    private static final Map<String, Map<String, String>> STORIES = new TreeMap<>();

    @BeforeAll
    static void readTheBundles() throws Exception {
        var json = new ObjectMapper();
        try (var files = Files.list(Path.of("fhir-resources/demo"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode bundle = json.readTree(file.toFile());
                for (JsonNode tag : bundle.path("meta").path("tag")) {
                    if (!"http://inocds.org/fhir/CodeSystem/demo".equals(tag.path("system").asText())) continue;
                    String ja = null;
                    for (JsonNode x : tag.path("_display").path("extension")) {
                        if (!TRANSLATION.equals(x.path("url").asText())) continue;
                        String lang = null, content = null;
                        for (JsonNode part : x.path("extension")) {
                            if ("lang".equals(part.path("url").asText())) lang = part.path("valueCode").asText();
                            if ("content".equals(part.path("url").asText())) content = part.path("valueString").asText();
                        }
                        if ("ja".equals(lang)) ja = content;
                    }
                    STORIES.put(bundle.path("entry").get(0).path("resource").path("id").asText(),
                            ja == null ? Map.of("en", tag.path("display").asText()) : Map.of("en", tag.path("display").asText(), "ja", ja));
                }
            }
        }
        assertThat(STORIES).hasSizeGreaterThanOrEqualTo(26);
    }

    private WebDriver open(String lang) {
        WebDriver driver = BROWSER.driver();
        driver.get("http://localhost:" + port + "/?date=2026-01-10&lang=" + lang);
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> new Select(d.findElement(By.id("patient"))).getOptions().size() >= STORIES.size());
        return driver;
    }

    /** Picks each demo patient in turn and collects the story the page shows for it. */
    private Map<String, String> storiesShown(WebDriver driver) {
        var picker = new Select(driver.findElement(By.id("patient")));
        Map<String, String> shown = new TreeMap<>();
        for (String id : STORIES.keySet()) {
            picker.selectByValue(id);
            shown.put(id, driver.findElement(By.id("story")).getText());
        }
        return shown;
    }

    @Test
    void onTheJapanesePageNoStoryIsInEnglish() {
        Map<String, String> shown = storiesShown(open("ja"));
        assertThat(shown).hasSameSizeAs(STORIES).allSatisfy((id, story) -> {
            assertThat(story).as(id).isEqualTo(STORIES.get(id).get("ja")).isNotEqualTo(STORIES.get(id).get("en"))
                    .containsPattern("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]");
            assertThat(ENGLISH_WORD.matcher(story).results().map(m -> m.group()).filter(w -> !NAMES.contains(w)).toList())
                    .as(id + ": English words in «" + story + "»").isEmpty();
        });
    }

    @Test
    void onTheEnglishPageTheEnglishStoryShows() {
        Map<String, String> shown = storiesShown(open("en"));
        assertThat(shown).hasSameSizeAs(STORIES).allSatisfy((id, story) -> assertThat(story).as(id).isEqualTo(STORIES.get(id).get("en")));
    }

    @Test
    void switchingTheLanguageRetellsTheStory() {
        WebDriver driver = open("en");
        new Select(driver.findElement(By.id("patient"))).selectByValue("s02-c1d1-wrong-dose");
        assertThat(driver.findElement(By.id("story")).getText()).isEqualTo("C1D1 ordered 1.70 mg instead of 1.60 mg");
        new Select(driver.findElement(By.id("lang"))).selectByValue("ja");
        assertThat(driver.findElement(By.id("story")).getText()).isEqualTo("C1D1 に 1.70 mg をオーダー（予定量 1.60 mg）");
        new Select(driver.findElement(By.id("lang"))).selectByValue("en");
        assertThat(driver.findElement(By.id("story")).getText()).isEqualTo("C1D1 ordered 1.70 mg instead of 1.60 mg");
    }
}
