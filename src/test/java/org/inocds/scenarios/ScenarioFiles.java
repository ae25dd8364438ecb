package org.inocds.scenarios;

import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;

/** The scenario patients of {@code fhir-resources/scenarios/}: their ids, expectations, and the call each one makes. */
final class ScenarioFiles {

    static final Path DIR = Path.of("fhir-resources/scenarios");

    private ScenarioFiles() {}

    /** Every scenario, or those whose id starts with one of {@code -Dinocds.scenarios=prefix,prefix} (one group while writing it). */
    static Stream<String> ids() throws IOException {
        List<String> only = List.of(System.getProperty("inocds.scenarios", "").split(","));
        try (var files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expect.json")).filter(n -> only.stream().anyMatch(n::startsWith))
                    .map(n -> n.substring(0, n.length() - ".expect.json".length())).sorted().toList().stream();
        }
    }

    static String bundleLocation(String id) {
        return "file:" + DIR.resolve(id + ".bundle.json");
    }

    static JsonNode expectation(String id) throws IOException {
        return CdsHttp.parse(Files.readString(DIR.resolve(id + ".expect.json")));
    }

    /** The hook call of a scenario: its inotuzumab draft (route included), its other drafts, or a patient-view. */
    static ObjectNode request(String patient, String hook, JsonNode expect) {
        if (hook.equals("patient-view")) {
            return HookRequests.patientView(patient);
        }
        List<ObjectNode> drafts = new ArrayList<>();
        if (expect.has("drafts")) {
            // the draft orders as an EHR writes them (order sets, time zones, dose entries, references): sent as written
            expect.get("drafts").forEach(d -> drafts.add(((ObjectNode) d).deepCopy()));
            return orderHook(hook, patient, drafts.toArray(ObjectNode[]::new));
        }
        JsonNode order = expect.get("order");
        if (order != null && !order.isNull()) {
            JsonNode jpCore = order.get("jpCore");
            ObjectNode draft = jpCore != null
                    ? HookRequests.jpCoreInjectionOrder("draft-1", patient, jpCore.get("amount").asText(), jpCore.get("unit").asText(),
                            order.get("date").asText())
                    : inotuzumabOrder("draft-1", patient, new BigDecimal(order.get("mg").asText()), "mg", order.get("date").asText());
            if (order.has("route") && order.get("route").asText().equals("oral")) {
                ObjectNode route = ((ObjectNode) draft.get("dosageInstruction").get(0)).putObject("route");
                route.putArray("coding").addObject().put("system", "http://snomed.info/sct").put("code", "26643006").put("display", "Oral route");
            }
            drafts.add(draft);
        }
        int n = 2;
        for (JsonNode other : expect.path("otherOrders")) {
            drafts.add(HookRequests.medicationOrder("draft-" + n++, patient, HookRequests.RXNORM, other.get("code").asText(),
                    other.get("display").asText(), new BigDecimal(other.get("mg").asText()), "mg", "2026-01-10"));
        }
        return orderHook(hook, patient, drafts.toArray(ObjectNode[]::new));
    }
}
