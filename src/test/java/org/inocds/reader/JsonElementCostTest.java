package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.inocds.json.BoundedJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 22: the budgets charged a JSON document by its bytes (eight bytes of heap a byte), but a {@code {}}-dense
 * document becomes about a hundred bytes a byte once HAPI binds it. This measures, roughly (the heap in use after full
 * collections, with the trees and resources held), the heap a JSON element takes as the Jackson tree plus the resource
 * HAPI binds from it, for the densest shapes in elements a byte, and holds {@link BoundedJson#HEAP_PER_ELEMENT} above
 * each: what the budgets charge a document is what it becomes.
 */
class JsonElementCostTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final int N = 100_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "empty extensions;\"extension\":[;{};]",
            "extensions with a url;\"extension\":[;{\"url\":\"http://a\"};]",
            "empty given names;\"name\":[{\"given\":[;\"\";]}]",
            "zero given names;\"name\":[{\"given\":[;0;]}]",
            "empty names;\"name\":[;{};]",
            "empty telecoms with ids;\"telecom\":[;{\"id\":\"a\"};]"})
    void theHeapAnElementBecomesIsWithinWhatIsCharged(String shape, String open, String item, String close) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Patient\",\"id\":\"p\",").append(open);
        for (int i = 0; i < N; i++) {
            b.append(i == 0 ? "" : ",").append(item);
        }
        byte[] body = b.append(close).append('}').toString().getBytes(StandardCharsets.UTF_8);
        var json = new BoundedJson(64, 10_000_000);
        var parser = (JsonParser) FHIR.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
        List<Object> held = new ArrayList<>();
        long elements = 0;
        long before = usedAfterGc();
        for (int copy = 0; copy < 3; copy++) {
            try {
                elements += json.count(body, "document");
                JsonNode tree = json.read(body, "document");
                var structure = new JacksonStructure();
                structure.setNativeObject((ObjectNode) tree);
                held.add(tree);
                held.add(parser.parseResource(structure));
            } catch (BoundedJson.Refused | BoundedJson.TooManyElements e) {
                throw new AssertionError(e);
            }
        }
        long used = usedAfterGc() - before;
        double perElement = (double) used / elements;
        double perByte = (double) used / (3L * body.length);
        System.out.printf("%-26s %,9d bytes, %,9d elements: %6.1f bytes of heap an element, %6.1f a byte%n", shape,
                body.length, elements / 3, perElement, perByte);
        assertThat(held).hasSize(6);
        assertThat(perElement).as(shape).isLessThan(BoundedJson.HEAP_PER_ELEMENT);
        assertThat(BoundedJson.heapOf(body.length, elements / 3)).isGreaterThanOrEqualTo(used / 3);
    }

    private static long usedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
