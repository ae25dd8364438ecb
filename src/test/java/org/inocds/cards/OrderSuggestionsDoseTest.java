package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.inocds.reader.ValueSetReader;
import org.inocds.record.ProductStrength;
import org.inocds.support.CdsHttp;
import org.inocds.support.HookRequests;
import org.junit.jupiter.api.Test;

/**
 * DOSE-2's and DOSE-3's update suggestion is the EHR's own draft order with only its dose changed, edited in HAPI's model.
 * It must be the resource of the reference edit below (parse, set the dose where the order wrote it, encode), compared
 * as HAPI reads both — for orders in mg, in vials, JP Core injection orders (vials, mL, mg on
 * the contained ingredient), orders with no dosage, an empty one, a dose range, and a dose quantity with other elements.
 */
class OrderSuggestionsDoseTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CodeSets CODE_SETS = codeSets();
    private static final List<BigDecimal> DOSES = List.of(new BigDecimal("1.60"), new BigDecimal("0.8"), new BigDecimal("1.2"),
            new BigDecimal("2"), new BigDecimal("1.35"), new BigDecimal("100"));

    private final OrderSuggestions suggestions = new OrderSuggestions(FHIR, JSON, CODE_SETS, ProductStrength.LABEL);

    @Test
    void theDoseIsSetWhereTheOrderWroteIt() throws Exception {
        List<ObjectNode> drafts = drafts();
        int compared = 0;
        for (ObjectNode draft : drafts) {
            String before = draft.toString();
            for (BigDecimal dose : DOSES) {
                ObjectNode edited = suggestions.withDose(draft, dose).orElseThrow(() -> new AssertionError("no suggestion for " + before));
                assertThat(normalised(edited)).as("%s → %s mg", before, dose).isEqualTo(normalised(byHapi(draft, dose)));
                assertThat(draft.toString()).as("the request's own draft is not changed").isEqualTo(before);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(drafts.size() * DOSES.size()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void theDoseIsWrittenWhereAndAsTheOrderWroteIt() {
        ObjectNode mg = HookRequests.inotuzumabOrder("d1", "p1", new BigDecimal("1.70"), "mg", "2026-01-10");
        JsonNode inMg = suggestions.withDose(mg, new BigDecimal("1.60")).orElseThrow();
        assertThat(inMg.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/value").toString()).isEqualTo("1.60");
        assertThat(inMg.at("/dosageInstruction/0/timing/event/0").asText()).isEqualTo("2026-01-10");

        ObjectNode vials = HookRequests.inotuzumabOrder("d2", "p1", new BigDecimal("3"), "{vial}", "2026-01-10");
        JsonNode inVials = suggestions.withDose(vials, new BigDecimal("1.60")).orElseThrow();
        assertThat(inVials.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/value").toString()).isEqualTo("1.60");
        assertThat(inVials.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/code").asText()).isEqualTo("{vial}");

        ObjectNode jpMl = HookRequests.jpCoreInjectionOrder("d3", "p1", "6.8", "mL", "2026-01-10");
        JsonNode inMl = suggestions.withDose(jpMl, new BigDecimal("1.60")).orElseThrow();
        assertThat(inMl.at("/contained/0/ingredient/0/strength/numerator/value").toString()).isEqualTo("6.40");
        assertThat(inMl.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/value").toString()).as("the mix volume").isEqualTo("52");

        // 100 mg with trailing zeros stripped would be 1E+2: a FHIR decimal is written as digits
        assertThat(suggestions.withDose(mg, new BigDecimal("1E+2")).orElseThrow()
                .at("/dosageInstruction/0/doseAndRate/0/doseQuantity/value").toString()).isEqualTo("100");
    }

    /**
     * FHIR JSON has no nulls and no empty values; HAPI drops them when it reads. A draft that holds one must not pass it
     * on in the suggestion (the fuzz test found {@code "timing":{}} copied into an answer): HAPI's model writes that one.
     */
    @Test
    void aDraftWithNullsOrEmptyValuesIsWrittenAsHapiWritesIt() throws Exception {
        for (String[] change : new String[][] {{"\"timing\":{\"event\":[\"2026-01-10\"]}", "\"timing\":{}"},
                {"\"status\":\"draft\"", "\"status\":\"draft\",\"note\":null"},
                {"\"intent\":\"order\"", "\"intent\":\"order\",\"priority\":\"\""},
                {"\"intent\":\"order\"", "\"intent\":\"order\",\"note\":[]"}}) {
            ObjectNode draft = HookRequests.inotuzumabOrder("d1", "p1", new BigDecimal("1.70"), "mg", "2026-01-10");
            String text = draft.toString();
            assertThat(text).contains(change[0]);
            ObjectNode unclean = (ObjectNode) JSON.readTree(text.replace(change[0], change[1]));
            ObjectNode edited = suggestions.withDose(unclean, new BigDecimal("1.60")).orElseThrow();
            assertThat(edited.toString()).as(change[1]).doesNotContain("null", "\"\"", "{}", "[]");
            assertThat(normalised(edited)).isEqualTo(normalised(byHapi(unclean, new BigDecimal("1.60"))));
            assertThat(edited.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/value").decimalValue()).isEqualByComparingTo("1.60");
            assertThat(edited.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/code").asText()).isEqualTo("mg");
        }
    }

    @Test
    void anOrderWithNoPlaceForADoseGetsNoSuggestion() {
        for (String shape : List.of("{\"dosageInstruction\":{\"text\":\"1 h\"}}", "{\"dosageInstruction\":[\"x\"]}",
                "{\"dosageInstruction\":[{\"doseAndRate\":7}]}")) {
            ObjectNode draft = (ObjectNode) CdsHttp.parse(shape);
            draft.put("resourceType", "MedicationRequest");
            assertThat(suggestions.withDose(draft, BigDecimal.ONE)).as(shape).isEmpty();
        }
    }

    /** Every draft shape this service reads, from the test builders, the example request and hand-written edge cases. */
    private static List<ObjectNode> drafts() throws Exception {
        List<ObjectNode> drafts = new ArrayList<>();
        for (String unit : List.of("mg", "ug", "{vial}", "HON", "mL")) {
            drafts.add(HookRequests.inotuzumabOrder("mg-" + drafts.size(), "p1", new BigDecimal("1.70"), unit, "2026-01-10"));
        }
        drafts.add(HookRequests.inotuzumabOrder("no-dose", "p1", null, null, "2026-01-10"));
        for (String[] amount : new String[][] {{"2", "HON"}, {"6.8", "mL"}, {"1.7", "mg"}}) {
            drafts.add(HookRequests.jpCoreInjectionOrder("jp-" + amount[1], "p1", amount[0], amount[1], "2026-01-10"));
        }
        JsonNode example = JSON.readTree(Path.of("examples/order-sign-wrong-dose.json").toFile());
        example.at("/context/draftOrders/entry").forEach(e -> drafts.add((ObjectNode) e.get("resource")));
        String[] edges = {
                "{\"resourceType\":\"MedicationRequest\",\"id\":\"bare\",\"status\":\"draft\",\"intent\":\"order\"}",
                "{\"resourceType\":\"MedicationRequest\",\"id\":\"empty\",\"dosageInstruction\":[]}",
                "{\"resourceType\":\"MedicationRequest\",\"id\":\"no-rate\",\"dosageInstruction\":[{\"text\":\"1 h\"}]}",
                "{\"resourceType\":\"MedicationRequest\",\"id\":\"range\",\"dosageInstruction\":[{\"doseAndRate\":[{\"doseRange\":"
                        + "{\"low\":{\"value\":1,\"unit\":\"mg\"},\"high\":{\"value\":2,\"unit\":\"mg\"}}}]}]}",
                "{\"resourceType\":\"MedicationRequest\",\"id\":\"more\",\"dosageInstruction\":[{\"doseAndRate\":[{\"type\":{\"text\":\"ordered\"},"
                        + "\"doseQuantity\":{\"value\":1.7,\"comparator\":\"<\",\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}}]},"
                        + "{\"text\":\"second\"}]}"};
        for (String edge : edges) {
            drafts.add((ObjectNode) JSON.readTree(edge));
        }
        return drafts;
    }

    private static CodeSets codeSets() {
        try {
            return ValueSetReader.codeSets(FHIR, List.of("classpath:fhir-resources/knowledge/*.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same edit in HAPI's model: the order parsed, its dose set where it wrote it, encoded. */
    private static ObjectNode byHapi(ObjectNode draft, BigDecimal doseMg) throws Exception {
        var order = FHIR.newJsonParser().parseResource(MedicationRequest.class, draft.toString());
        CodeSet inotuzumab = CODE_SETS.get(CodeSets.INOTUZUMAB);
        var strength = ProductStrength.LABEL;
        for (var contained : order.getContained()) {
            if (contained instanceof Medication medication) {
                for (var ingredient : medication.getIngredient()) {
                    if (ingredient.getItem() instanceof CodeableConcept item
                            && item.getCoding().stream().anyMatch(c -> inotuzumab.contains(c.getSystem(), c.getCode()))
                            && ingredient.hasStrength() && ingredient.getStrength().getNumerator().hasValue()) {
                        var amount = ingredient.getStrength().getNumerator();
                        String unit = amount.hasCode() ? amount.getCode() : amount.getUnit();
                        if (ProductStrength.isVials(amount.getCode(), amount.getUnit())) {
                            amount.setValue(strength.vialsOfMg(doseMg));
                        } else if (ProductStrength.isMillilitres(unit)) {
                            amount.setValue(strength.reconstitutedMlOfMg(doseMg));
                        } else {
                            amount.setValue(doseMg).setUnit("mg").setSystem(OrderSuggestions.UCUM).setCode("mg");
                        }
                        return encode(order);
                    }
                }
            }
        }
        var doseAndRate = order.getDosageInstructionFirstRep().getDoseAndRateFirstRep();
        Quantity ordered = doseAndRate.hasDoseQuantity() ? doseAndRate.getDoseQuantity() : new Quantity();
        if (ProductStrength.isVials(ordered.getCode(), ordered.getUnit())) {
            ordered.setValue(strength.vialsOfMg(doseMg));
        } else {
            doseAndRate.setDose(new Quantity().setValue(doseMg).setUnit("mg").setSystem(OrderSuggestions.UCUM).setCode("mg"));
        }
        return encode(order);
    }

    private static ObjectNode encode(MedicationRequest order) throws Exception {
        return (ObjectNode) JSON.readTree(FHIR.newJsonParser().encodeResourceToString(order));
    }

    /** A resource as HAPI reads and writes it: element order and number forms settled, the content compared. */
    private static JsonNode normalised(ObjectNode resource) throws Exception {
        IParser parser = FHIR.newJsonParser();
        return JSON.readTree(parser.encodeResourceToString(parser.parseResource(MedicationRequest.class, resource.toString())));
    }
}
