package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.inocds.support.CdsHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22, defect 4, over HTTP: markup planted in every text of the chart that reaches a card — allergies' and
 * conditions' texts and displays, adverse events, other drugs' names (records and draft orders), the route of the
 * order, a lab's unit — is shown as text: escaped in summary and detail, on one line, at most 80 characters, and the
 * detail, parsed as CommonMark, forms no link, image, HTML or heading from it. In English and Japanese.
 */
class ChartTextInCardsTest extends ScenarioHttpTest {

    /** Each scenario brings chart text to a card of its own rule (its expectation file says which). */
    private static final List<String> SCENARIOS = List.of("s23-allergy", "s27-pregnant", "s28-other-antineoplastic",
            "s29-oral-route", "s40-vod-active", "s41-tox-grade2", "s42-infusion-severe", "s44-infection",
            "s45-elderly-hsct", "s52-conditioning-two-alkylators");

    /** A payload and how it must read in a card: escaped as text, cut at 80 characters. */
    private static final Map<String, String> PAYLOADS = Map.of(
            "<img src=http://127.0.0.1:1/x>", "&lt;img src=http://127\\.0\\.0\\.1:1/x&gt;",
            "[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)",
            "![i](http://127.0.0.1:1/i)", "\\!\\[i\\]\\(http://127\\.0\\.0\\.1:1/i\\)",
            "**bold**", "\\*\\*bold\\*\\*",
            "<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;",
            "x\n# heading", "x \\# heading",
            "N".repeat(10_000), "NNNNNNNNNN…");

    private static final Parser MARKDOWN = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final Map<String, ObjectNode> PREFETCHED = new HashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            for (String payload : PAYLOADS.keySet()) {
                for (String language : List.of("en", "ja")) {
                    cases.add(Arguments.of(scenario, payload.length() > 40 ? "N × 10,000" : payload, payload, language));
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
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String escaped = PAYLOADS.get(payload);
        boolean shownSomewhere = false;
        for (JsonNode card : answer.json().get("cards")) {
            String summary = card.get("summary").asText();
            String detail = card.get("detail").asText();
            for (String text : List.of(summary, detail)) {
                assertThat(text).doesNotContain("<img", "<script", "](", "![", "**bold**", "\n# heading", "N".repeat(80));
            }
            assertInert(detail);
            shownSomewhere |= detail.contains(escaped);
            if (summary.contains("N".repeat(20)) || summary.contains("&lt;") || summary.contains("\\[")) {
                assertThat(summary.length()).isLessThan(140);
            }
        }
        assertThat(shownSomewhere).as("%s shown escaped as %s in a card of %s", shown, escaped, answer.body()).isTrue();
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
     * Every {@code display} string in the call (prefetch and draft orders), and every {@code text} of a coded concept, gets
     * the payload after it.
     */
    private static void plant(JsonNode node, String payload) {
        if (node instanceof ObjectNode object) {
            for (String field : (Iterable<String>) () -> object.fieldNames()) {
                JsonNode value = object.get(field);
                // a text is planted where codes identify the concept (a text alone may be how a site names it)
                boolean coded = object.path("coding").size() > 0;
                if ((field.equals("display") || field.equals("text") && coded) && value.isTextual()) {
                    object.set(field, TextNode.valueOf(value.asText() + " " + payload));
                } else {
                    plant(value, payload);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> plant(element, payload));
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
