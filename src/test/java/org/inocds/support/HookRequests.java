package org.inocds.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/** Builds CDS Hooks requests the way an EHR sends them, with real FHIR JSON. */
public final class HookRequests {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    private HookRequests() {}

    /** A draft MedicationRequest for inotuzumab (RxNorm 1942950) at {@code doseMg} mg planned on {@code date}. */
    public static ObjectNode inotuzumabOrder(String id, String patientId, BigDecimal dose, String unit, String date) {
        return medicationOrder(id, patientId, RXNORM, "1942950", "inotuzumab ozogamicin", dose, unit, date);
    }

    public static ObjectNode medicationOrder(String id, String patientId, String system, String code, String display,
            BigDecimal dose, String unit, String date) {
        ObjectNode mr = F.objectNode();
        mr.put("resourceType", "MedicationRequest");
        mr.put("id", id);
        mr.put("status", "draft");
        mr.put("intent", "order");
        ObjectNode coding = F.objectNode().put("system", system).put("code", code).put("display", display);
        mr.set("medicationCodeableConcept", F.objectNode().set("coding", F.arrayNode().add(coding)));
        mr.set("subject", F.objectNode().put("reference", "Patient/" + patientId));
        mr.put("authoredOn", date);
        ObjectNode dosage = F.objectNode();
        dosage.set("timing", F.objectNode().set("event", F.arrayNode().add(date)));
        if (dose != null) {
            ObjectNode q = F.objectNode().put("value", dose).put("unit", unit)
                    .put("system", "http://unitsofmeasure.org").put("code", unit);
            dosage.set("doseAndRate", F.arrayNode().add(F.objectNode().set("doseQuantity", q)));
        }
        mr.set("dosageInstruction", F.arrayNode().add(dosage));
        return mr;
    }

    public static ObjectNode bundleOf(ObjectNode... resources) {
        ObjectNode bundle = F.objectNode().put("resourceType", "Bundle").put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        for (ObjectNode r : resources) {
            entries.add(F.objectNode().set("resource", r));
        }
        return bundle;
    }

    /** order-sign (or order-select, selecting every order) for {@code patientId} with these draft orders. */
    public static ObjectNode orderHook(String hook, String patientId, ObjectNode... orders) {
        ObjectNode request = base(hook, patientId);
        ObjectNode context = (ObjectNode) request.get("context");
        context.set("draftOrders", bundleOf(orders));
        if (hook.equals("order-select")) {
            ArrayNode selections = context.putArray("selections");
            for (ObjectNode o : orders) {
                selections.add(o.get("resourceType").asText() + "/" + o.get("id").asText());
            }
        }
        return request;
    }

    public static ObjectNode patientView(String patientId) {
        return base("patient-view", patientId);
    }

    private static ObjectNode base(String hook, String patientId) {
        ObjectNode request = F.objectNode();
        request.put("hook", hook);
        request.put("hookInstance", UUID.randomUUID().toString());
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/example");
        context.put("patientId", patientId);
        return request;
    }

    /** Lets the service fetch what it needs from this FHIR server (no prefetch sent). */
    public static ObjectNode withFhirServer(ObjectNode request, String fhirBase) {
        request.put("fhirServer", fhirBase);
        return request;
    }

    /**
     * Sends the full prefetch, computed as an EHR does: each template of the service's discovery entry is
     * run against {@code fhirBase} with the patient id filled in; searches are returned as one searchset
     * Bundle with every page's entries, reads as the resource (null when not found).
     */
    public static ObjectNode withFullPrefetch(ObjectNode request, CdsHttp http, String serviceId) {
        return withFullPrefetch(request, http, http.discovery().json(), serviceId);
    }

    /** The same, with a discovery document already read (where discovery needs a token and the sandbox is open). */
    public static ObjectNode withFullPrefetch(ObjectNode request, CdsHttp http, JsonNode discovery, String serviceId) {
        JsonNode service = null;
        for (JsonNode s : discovery.get("services")) {
            if (s.get("id").asText().equals(serviceId)) {
                service = s;
            }
        }
        if (service == null) {
            throw new IllegalArgumentException("no service " + serviceId);
        }
        String patientId = request.get("context").get("patientId").asText();
        ObjectNode prefetch = request.putObject("prefetch");
        Iterator<Map.Entry<String, JsonNode>> templates = service.get("prefetch").fields();
        while (templates.hasNext()) {
            var t = templates.next();
            String query = t.getValue().asText().replace("{{context.patientId}}", URLEncoder.encode(patientId, StandardCharsets.UTF_8));
            prefetch.set(t.getKey(), fetchAll(http, http.fhirBase() + "/" + query.replace("|", "%7C")));
        }
        return request;
    }

    private static JsonNode fetchAll(CdsHttp http, String url) {
        var first = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json").GET().build());
        if (first.status() == 404) {
            return F.nullNode();
        }
        if (first.status() != 200) {
            throw new IllegalStateException("sandbox answered " + first.status() + " to " + url + ": " + first.body());
        }
        JsonNode body = CdsHttp.parse(first.body());
        if (!"Bundle".equals(body.path("resourceType").asText())) {
            return body;
        }
        ObjectNode searchset = F.objectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = searchset.putArray("entry");
        JsonNode page = body;
        while (true) {
            page.path("entry").forEach(entries::add);
            String next = null;
            for (JsonNode link : page.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    next = link.path("url").asText();
                }
            }
            if (next == null) {
                break;
            }
            page = CdsHttp.parse(http.get(next, Map.of("Accept", "application/fhir+json")).body());
        }
        searchset.put("total", entries.size());
        return searchset;
    }

    /**
     * A JP Core injection order (JP_MedicationRequest_Injection) for ベスポンサ: the drug only on a contained Medication's
     * ingredient (HOT9), its amount in vials (MERIT-9 {@code HON}, shown 瓶) or mL of the reconstituted solution, beside
     * 50 mL of saline; doseQuantity is the volume of the whole mix.
     */
    public static ObjectNode jpCoreInjectionOrder(String id, String patient, String amount, String unitCode, String date) {
        String unitDisplay = unitCode.equals("HON") ? "瓶" : unitCode;
        String json = """
                {"resourceType":"MedicationRequest","id":"%s","status":"draft","intent":"order",
                 "contained":[{"resourceType":"Medication","id":"med1",
                   "ingredient":[
                     {"itemCodeableConcept":{"coding":[{"system":"urn:oid:1.2.392.200119.4.403.1","code":"126224701",
                        "display":"ベスポンサ点滴静注用１ｍｇ"}],"text":"ベスポンサ点滴静注用１ｍｇ"},
                      "strength":{"numerator":{"value":%s,"unit":"%s","system":"urn:oid:1.2.392.100495.20.2.101","code":"%s"},
                                  "denominator":{"value":1,"unit":"回","system":"urn:oid:1.2.392.100495.20.2.101","code":"KAI"}}},
                     {"itemCodeableConcept":{"text":"生理食塩液"},
                      "strength":{"numerator":{"value":50,"unit":"mL","system":"urn:oid:1.2.392.100495.20.2.101","code":"mL"},
                                  "denominator":{"value":1,"unit":"回","system":"urn:oid:1.2.392.100495.20.2.101","code":"KAI"}}}]}],
                 "medicationReference":{"reference":"#med1","display":"ベスポンサ点滴静注用１ｍｇ＋生理食塩液"},
                 "subject":{"reference":"Patient/%s"},"authoredOn":"%s",
                 "dosageInstruction":[{"text":"1時間かけて点滴静注",
                   "timing":{"repeat":{"boundsPeriod":{"start":"%s"}}},
                   "route":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0162","code":"IV","display":"静脈内"}]},
                   "doseAndRate":[{"doseQuantity":{"value":52,"unit":"mL","system":"urn:oid:1.2.392.100495.20.2.101","code":"mL"},
                     "rateRatio":{"numerator":{"value":52,"unit":"mL","system":"http://unitsofmeasure.org","code":"mL"},
                                  "denominator":{"value":1,"unit":"h","system":"http://unitsofmeasure.org","code":"h"}}}]}]}"""
                .formatted(id, amount, unitDisplay, unitCode, patient, date, date);
        return (ObjectNode) CdsHttp.parse(json);
    }
}
