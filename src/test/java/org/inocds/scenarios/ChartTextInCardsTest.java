package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.withFhirServer;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.hl7.fhir.r4.model.Condition;
import org.inocds.support.CdsHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22, defect 4, over HTTP: markup planted in every text of the chart that reaches a card — allergies' and
 * conditions' texts and displays (the Gilbert syndrome and haemolysis HEP-2 names among them), adverse events, other
 * drugs' names (records and draft orders), the route of the order, a lab's unit, notes, the patient's and practitioners'
 * names — is shown as text: escaped in summary and detail, on one line, at most 80 characters, with no bidi control or
 * zero-width character; the detail, parsed as CommonMark, forms no link, image, HTML or heading from it; no text of a
 * card (summary, detail, source, suggestion and action labels, override reasons, links) carries the raw markup, and no
 * label or summary breaks its line. In English and Japanese, prefetched and fetched from the FHIR server.
 */
class ChartTextInCardsTest extends ScenarioHttpTest {

    /** Each scenario brings chart text to a card of its own rule (its expectation file says which). */
    private static final List<String> SCENARIOS = List.of("s23-allergy", "s27-pregnant", "s28-other-antineoplastic",
            "s29-oral-route", "s40-vod-active", "s41-tox-grade2", "s42-infusion-severe", "s44-infection",
            "s45-elderly-hsct", "s52-conditioning-two-alkylators", "s39-gilbert", "r35-hemolysis-ast-waived");

    /** The long payload: planted whole in conditions, allergies and adverse events, its first 10,000 characters elsewhere. */
    private static final String LONG = "N".repeat(200_000);

    /** A payload and how it must read in a card: escaped as text, on one line, cut at 80 characters. */
    private static final Map<String, String> PAYLOADS = Map.ofEntries(
            // issue 22's HEP-2 attack (cut at 80 characters after the display it follows)
            Map.entry("<img src=x onerror=alert(1)> [click](javascript:alert(1)) ![i](http://127.0.0.9/p.png)",
                    "&lt;img src=x onerror=alert\\(1\\)&gt;"),
            Map.entry("<http://127.0.0.1:1/auto>", "&lt;http://127\\.0\\.0\\.1:1/auto&gt;"),
            Map.entry("\n\n# Fake heading\n\n| a | b |", "\\# Fake heading \\| a \\| b \\|"),
            Map.entry("r\u202Eevil\u200Bx\u2066y\uFEFFz", "r evil x y z"),
            Map.entry(LONG, "NNNNNNNNNN…"),
            Map.entry("<img src=http://127.0.0.1:1/x>", "&lt;img src=http://127\\.0\\.0\\.1:1/x&gt;"),
            Map.entry("[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"),
            Map.entry("![i](http://127.0.0.1:1/i)", "\\!\\[i\\]\\(http://127\\.0\\.0\\.1:1/i\\)"),
            Map.entry("**bold**", "\\*\\*bold\\*\\*"),
            Map.entry("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
            Map.entry("x\n# heading", "x \\# heading"));

    private static final Parser MARKDOWN = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final Map<String, ObjectNode> PREFETCHED = new HashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            for (String payload : PAYLOADS.keySet()) {
                for (String language : List.of("en", "ja")) {
                    cases.add(Arguments.of(scenario, payload.length() > 100 ? "N × 200,000" : payload.replaceAll("\\p{Cc}|\\p{Cf}", "·"), payload, language));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {3}")
    @MethodSource("cases")
    void chartTextIsTextInEveryCard(String scenario, String shown, String payload, String language) throws Exception {
        ObjectNode request = PREFETCHED.computeIfAbsent(scenario, this::prefetched).deepCopy();
        plant(request, payload);
        addLabWithUnit(request, scenario, payload);
        JsonNode expect = ScenarioFiles.expectation(scenario);

        var answer = cds.call(expect.get("hook").asText().equals("order-select") ? "inotuzumab-order-select" : "inotuzumab-order-sign",
                request, language);
        assertShownAsText(answer, payload, expect);
    }

    /**
     * The fetched path (issue 22's HEP-2 attack came both ways): the Gilbert syndrome Condition in the FHIR server carries the
     * payload in its code's text and display, and the service reads it from there.
     */
    @ParameterizedTest(name = "fetched s39-gilbert, {0}, {2}")
    @MethodSource("hep2Fetched")
    void chartTextFetchedFromTheFhirServerIsTextToo(String shown, String payload, String language) throws Exception {
        JsonNode expect = loaded("s39-gilbert");
        var gilbert = (Condition) store.get("Condition", "s39-gilbert-cond-20").orElseThrow();
        gilbert.getCode().setText("Gilbert syndrome " + payload);
        gilbert.getCode().getCodingFirstRep().setDisplay("Gilbert syndrome " + payload);
        store.put(gilbert);
        var answer = cds.call("inotuzumab-order-sign",
                withFhirServer(ScenarioFiles.request("s39-gilbert", expect.get("hook").asText(), expect), cds.fhirBase()), language);
        assertShownAsText(answer, payload, expect);
    }

    static Stream<Arguments> hep2Fetched() {
        List<Arguments> cases = new ArrayList<>();
        for (String payload : PAYLOADS.keySet()) {
            for (String language : List.of("en", "ja")) {
                cases.add(Arguments.of(payload.length() > 100 ? "N × 200,000" : payload.replaceAll("\\p{Cc}|\\p{Cf}", "·"), payload, language));
            }
        }
        return cases.stream();
    }

    private static void assertShownAsText(CdsHttp.Answer answer, String payload, JsonNode expect) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String escaped = PAYLOADS.get(payload);
        boolean shownSomewhere = false;
        for (JsonNode card : answer.json().get("cards")) {
            String summary = card.get("summary").asText();
            String detail = card.get("detail").asText();
            List<String> labels = new ArrayList<>();
            labels.add(card.path("source").path("label").asText());
            card.path("suggestions").forEach(s -> {
                labels.add(s.path("label").asText());
                s.path("actions").forEach(a -> labels.add(a.path("description").asText()));
            });
            card.path("overrideReasons").forEach(r -> labels.add(r.path("display").asText()));
            card.path("links").forEach(l -> labels.add(l.path("label").asText()));
            List<String> texts = new ArrayList<>(labels);
            texts.add(summary);
            texts.add(detail);
            for (String text : texts) {
                assertThat(text).doesNotContain("<img", "<script", "<http", "](", "![", "**bold**", "# heading\n", "\n# ",
                        "N".repeat(80), "\u202E", "\u200B", "\u2066", "\uFEFF", "| a | b |");
            }
            for (String line : labels) {
                assertThat(line).as("a label on one line").doesNotContain("\n", "\r");
            }
            assertThat(summary).as("the summary on one line, under 140 characters").doesNotContain("\n", "\r")
                    .hasSizeLessThan(140);
            assertThat(detail.length()).as("a detail of bounded length").isLessThan(20_000);
            assertInert(detail);
            shownSomewhere |= detail.contains(escaped);
        }
        assertThat(shownSomewhere).as("shown escaped as %s in a card of %s", escaped, answer.body()).isTrue();
        // every scenario's own rule still fires with its chart text planted
        for (var rule : (Iterable<String>) () -> expect.get("cards").fieldNames()) {
            assertThat(answer.body()).contains("\"" + rule + "\"");
        }
    }

    /** The detail as CommonMark: no image, no HTML, no heading, and no link but ours (the rule pages). */
    private static void assertInert(String detail) {
        Node document = MARKDOWN.parse(detail);
        List<String> formed = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                formed.add("image " + image.getDestination());
            }

            @Override
            public void visit(HtmlInline html) {
                formed.add("HTML " + html.getLiteral());
            }

            @Override
            public void visit(HtmlBlock html) {
                formed.add("HTML block " + html.getLiteral());
            }

            @Override
            public void visit(Link link) {
                formed.add("link " + link.getDestination());
            }

            @Override
            public void visit(Heading heading) {
                formed.add("heading " + (heading.getFirstChild() instanceof Text t ? t.getLiteral() : ""));
            }
        });
        assertThat(formed).as(detail).isEmpty();
    }

    private ObjectNode prefetched(String scenario) {
        try {
            JsonNode expect = loaded(scenario);
            String service = expect.get("hook").asText().equals("order-select") ? "inotuzumab-order-select" : "inotuzumab-order-sign";
            return withFullPrefetch(ScenarioFiles.request(scenario, expect.get("hook").asText(), expect), cds, service);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every {@code display} string in the call (prefetch and draft orders), every {@code text} of a coded concept, of a
     * note and of a name, and every family and given name get the payload after them. The long payload is planted whole in
     * conditions, allergies and adverse events, and cut to 10,000 characters elsewhere (the body stays under its 5 MB).
     */
    private static void plant(JsonNode node, String payload) {
        plant(node, payload, "");
    }

    private static void plant(JsonNode node, String payload, String resourceType) {
        if (node instanceof ObjectNode object) {
            String type = object.path("resourceType").asText(resourceType);
            String planted = payload.length() > 10_000 && !List.of("Condition", "AllergyIntolerance", "AdverseEvent").contains(type)
                    ? payload.substring(0, 10_000) : payload;
            // a text is planted where codes identify the concept (a text alone may be how a site names it), and in notes
            // and names (an Annotation, a HumanName: an author's or a time's, a family's or a given name's neighbour)
            boolean text = object.path("coding").size() > 0 || object.has("authorString") || object.has("authorReference")
                    || object.has("time") || object.has("family") || object.has("given");
            for (String field : (Iterable<String>) () -> object.fieldNames()) {
                JsonNode value = object.get(field);
                if ((field.equals("display") || field.equals("text") && text || field.equals("family")) && value.isTextual()) {
                    object.set(field, TextNode.valueOf(value.asText() + " " + planted));
                } else if (field.equals("given") && value instanceof ArrayNode given) {
                    for (int i = 0; i < given.size(); i++) {
                        given.set(i, TextNode.valueOf(given.get(i).asText() + " " + planted));
                    }
                } else if (field.equals("note") && value instanceof ArrayNode notes) {
                    notes.forEach(n -> {
                        if (n instanceof ObjectNode note && note.path("text").isTextual()) {
                            note.put("text", note.get("text").asText() + " " + planted);
                        }
                    });
                } else {
                    plant(value, payload, type);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> plant(element, payload, resourceType));
        }
    }

    /** A platelet count in the payload as its unit: its DQ-1 card shows the unit as received. */
    private static void addLabWithUnit(ObjectNode request, String scenario, String payload) {
        JsonNode labs = request.path("prefetch").path("labs");
        if (!(labs instanceof ObjectNode bundle)) {
            return;
        }
        ArrayNode entries = bundle.has("entry") ? (ArrayNode) bundle.get("entry") : bundle.putArray("entry");
        ObjectNode plt = (ObjectNode) CdsHttp.parse("""
                {"resourceType":"Observation","id":"plt-planted","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"777-3"}]},
                 "effectiveDateTime":"2025-06-01","valueQuantity":{"value":45}}""");
        plt.putObject("subject").put("reference", "Patient/" + scenario);
        ((ObjectNode) plt.get("valueQuantity")).put("unit", payload);
        entries.addObject().set("resource", plt);
    }
}
