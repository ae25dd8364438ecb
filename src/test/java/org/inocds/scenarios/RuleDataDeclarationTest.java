package org.inocds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.withFullPrefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.inocds.record.RecordPart;
import org.inocds.rules.Rule;
import org.inocds.support.CdsHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.inocds.rules.family.StandardRuleBook;

/**
 * Clinical review finding 9: each rule declares, in code, the parts of the record it reads ({@code DataNeeds}); the
 * rule book drops a finding whose rule read a part that failed, and the data-quality card lists the rules from the
 * same declaration. This test catches an undeclared read: for every scenario and every part, the part is sent as
 * "nothing found" and every rule that did not declare it must decide exactly as with the full record.
 */
class RuleDataDeclarationTest extends ScenarioHttpTest {

    /** Rule id → the parts it declared, over the standard book. */
    private static Map<String, java.util.Set<RecordPart>> declared() {
        Map<String, java.util.Set<RecordPart>> all = new TreeMap<>();
        for (Rule r : StandardRuleBook.create().rules()) {
            r.ids().forEach(id -> all.put(id.code(), id.reads().parts()));
        }
        return all;
    }

    /** primary rule → indicator and topic: what the rules decided. */
    private static Map<String, String> decisions(JsonNode answer) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode card : answer.get("cards")) {
            out.merge(card.at("/extension/inocds.finding/rules/0").asText(),
                    card.get("indicator").asText() + "/" + card.at("/source/topic/code").asText(), (a, b) -> a + "+" + b);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.inocds.scenarios.ScenarioFiles#ids")
    void noRuleDecidesFromAPartItDidNotDeclare(String id) throws IOException {
        JsonNode expect = loaded(id);
        String hook = expect.get("hook").asText();
        String service = "inotuzumab-" + hook;
        ObjectNode full = withFullPrefetch(ScenarioFiles.request(id, hook, expect), cds, service);
        Map<String, String> base = decisions(cds.call(service, full).json());
        var declared = declared();
        List<String> undeclared = new ArrayList<>();
        for (RecordPart part : RecordPart.values()) {
            ObjectNode without = full.deepCopy();
            ((ObjectNode) without.get("prefetch")).putNull(part.key());
            Map<String, String> changed = decisions(cds.call(service, without).json());
            java.util.Set<String> rules = new java.util.TreeSet<>(base.keySet());
            rules.addAll(changed.keySet());
            // one decisive answer (StopPrecedence): when the data change whether a stop applies, the cards that a stop
            // leaves out come and go with it — decided by the stop's data, not read by their own rules
            boolean precedenceChanged = hasStop(base) != hasStop(changed);
            // patient-view places the next dose from the dose history (STATUS-1): every rule run on it reads that history
            boolean nextDosePlacedFrom = hook.equals("patient-view") && RecordPart.DOSE_HISTORY.contains(part);
            for (String rule : rules) {
                // DQ-1/DQ-2/DQ-3 report what a part held that could not be used, or failed to hold: they come and go with
                // that part by what they are (v01: a WBC in g/L is reported while the labs are sent, not when they are not)
                boolean aboutTheData = rule.equals("DQ-1") || rule.equals("DQ-2") || rule.equals("DQ-3");
                if (aboutTheData || nextDosePlacedFrom || (precedenceChanged && !isStop(base.get(rule)) && !isStop(changed.get(rule)))) {
                    continue;
                }
                boolean declares = declared.getOrDefault(rule, java.util.Set.of()).contains(part);
                if (!declares && !java.util.Objects.equals(base.get(rule), changed.get(rule))) {
                    undeclared.add(rule + " reads " + part + " (" + base.get(rule) + " → " + changed.get(rule) + ")");
                }
            }
        }
        assertThat(undeclared).as(id).isEmpty();
    }

    private static boolean isStop(String decision) {
        return decision != null && (decision.contains("critical/contraindication") || decision.contains("critical/discontinue")
                || decision.contains("critical/eligibility"));
    }

    private static boolean hasStop(Map<String, String> decisions) {
        return decisions.values().stream().anyMatch(RuleDataDeclarationTest::isStop);
    }

    /** The reported case: with the marrow results (keyObservations) failed, CYC-3 must not say "no response". */
    @org.junit.jupiter.api.Test
    void noResponseIsNotConcludedWhenTheMarrowResultsFailed() throws IOException {
        String id = "s20-no-response-cycle4";
        JsonNode expect = loaded(id);
        ObjectNode request = withFullPrefetch(ScenarioFiles.request(id, "order-sign", expect), cds, "inotuzumab-order-sign");
        assertThat(decisions(cds.call("inotuzumab-order-sign", request).json())).containsKey("CYC-3");
        ((ObjectNode) request.get("prefetch")).set("keyObservations", CdsHttp.parse(
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\"}]}"));
        var answer = cds.call("inotuzumab-order-sign", request).json();
        assertThat(decisions(answer)).doesNotContainKey("CYC-3").containsKey("DQ-2");
        assertThat(org.inocds.support.Cards.card(answer, "DQ-2").get("detail").asText()).contains("CYC-3", "DOSE-5", "MON-3");
    }

}
