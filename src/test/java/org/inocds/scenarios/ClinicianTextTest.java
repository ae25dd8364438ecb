package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.inocds.support.CdsHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 23, item 4, over every scenario in both languages: what a clinician reads (summary and detail) names the
 * chart's facts by their date and display, never by a FHIR reference ({@code Condition/s40-…}) or a resource id of the
 * patient's record or of the orders sent; counts are worded by ICU plural ("1 dose", never "1 doses"); and an order not
 * yet given is never said to be "given … late"; weight and height are shown to 0.1. Ids stay in the machine fields (the extension, the actions).
 */
class ClinicianTextTest extends ScenarioHttpTest {

    /** A reference as FHIR writes it: a resource type, a slash, an id. */
    private static final Pattern REFERENCE = Pattern.compile("\\b([A-Z][a-zA-Z]+)/([A-Za-z0-9\\-.]{1,64})");
    private static final Pattern ONE_PLURAL = Pattern.compile("(?<![\\d.,])1 (doses|days|cycles|vials|hours)\\b");
    private static final Pattern GIVEN_LATE = Pattern.compile("given \\d+ days? late");
    /** A body measure shown past the precision a clinician reads (0.1 kg, 0.1 cm): "79.83225712 kg" from a weight in lb. */
    private static final Pattern OVERPRECISE_BODY = Pattern.compile("\\d\\.\\d{2,} (kg|cm)\\b");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (String id : (Iterable<String>) ScenarioFiles.ids()::iterator) {
            for (String language : List.of("en", "ja")) {
                cases.add(Arguments.of(id, language));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void clinicianTextNamesNoIdAndCountsReadRight(String id, String language) throws IOException {
        JsonNode expect = loaded(id);
        String service = "inotuzumab-" + expect.get("hook").asText();
        var request = withFullPrefetch(ScenarioFiles.request(id, expect.get("hook").asText(), expect), cds, service);
        if (expect.path("prefetchWithFhirServer").asBoolean(false)) {
            request.put("fhirServer", cds.fhirBase());
        }
        CdsHttp.Answer answer = cds.call(service, request, language);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);

        Set<String> ids = resourceIds(id);
        request.path("context").path("draftOrders").path("entry").forEach(e -> addId(ids, e.path("resource").path("id").asText()));
        Set<String> resourceTypes = fhir.getResourceTypes();
        for (JsonNode card : answer.json().get("cards")) {
            String rule = card.at("/extension/inocds.finding/rules/0").asText();
            // issue 23 item 1: a summary says it all within 140 characters; one cut short (…) lost what came last
            String summary = card.get("summary").asText();
            assertThat(summary.codePointCount(0, summary.length())).as(id + " " + rule + ": " + summary).isLessThan(140);
            assertThat(summary).as(id + " " + rule + ": a summary cut short").doesNotEndWith("…");
            for (String text : List.of(card.get("summary").asText(), card.get("detail").asText())) {
                Matcher reference = REFERENCE.matcher(text);
                while (reference.find()) {
                    assertThat(resourceTypes.contains(reference.group(1)))
                            .as(id + " " + rule + ": a FHIR reference in clinician text: " + reference.group() + "\n" + text).isFalse();
                }
                for (String resourceId : ids) {
                    assertThat(text).as(id + " " + rule + ": a resource id in clinician text").doesNotContain(resourceId);
                }
                assertThat(text).as(id + " " + rule + ": a count worded by its plural").doesNotContainPattern(ONE_PLURAL);
                // the cards speak of orders (not given yet) and of doses given; a dose is "given late" only in the timeline's rows
                assertThat(text).as(id + " " + rule + ": an order not given is not given late").doesNotContainPattern(GIVEN_LATE);
                assertThat(text).as(id + " " + rule + ": a body measure at the precision read").doesNotContainPattern(OVERPRECISE_BODY);
            }
        }
    }

    /** The ids of the scenario's resources (the patient's own id aside: the patient is not named by a card either way). */
    private static Set<String> resourceIds(String id) throws IOException {
        Set<String> ids = new TreeSet<>();
        JsonNode bundle = CdsHttp.parse(Files.readString(ScenarioFiles.DIR.resolve(id + ".bundle.json")));
        bundle.path("entry").forEach(e -> {
            if (!e.path("resource").path("resourceType").asText().equals("Patient")) {
                addId(ids, e.path("resource").path("id").asText());
            }
        });
        return ids;
    }

    /** Ids long enough not to be a word or a number of their own (a scenario's ids are "s40-vod-active-cond-1"). */
    private static void addId(Set<String> ids, String resourceId) {
        if (resourceId.length() >= 6 && resourceId.matches(".*[-.].*")) {
            ids.add(resourceId);
        }
    }
}
