package org.inocds.feedback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.inocds.cdshooks.CdsJson;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Records each issued card (uuid → service, rule ids, topic, time) for feedback and audit. */
@Component
public class IssuedCardLog {

    private final JdbcTemplate jdbc;
    private final PatientHash patientHash;
    private final Clock clock;

    public IssuedCardLog(JdbcTemplate jdbc, PatientHash patientHash, Clock clock) {
        this.jdbc = jdbc;
        this.patientHash = patientHash;
        this.clock = clock;
    }

    public void record(String serviceId, String hookInstance, String patientId, List<CdsJson.Card> cards) {
        if (cards.isEmpty()) {
            return;
        }
        String hash = patientHash.of(patientId);
        Timestamp now = Timestamp.from(Instant.now(clock));
        jdbc.batchUpdate("""
                INSERT INTO issued_card (card_uuid, service_id, hook_instance, rule_ids, topic, indicator, patient_hash, issued_at,
                    suggestion_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                cards.stream().map(card -> new Object[] {
                        card.uuid(), serviceId, truncate(hookInstance, 200), String.join(",", rules(card)),
                        card.source().topic().code(), card.indicator(), hash, now, suggestionIds(card)}).toList());
    }

    private static String suggestionIds(CdsJson.Card card) {
        if (card.suggestions() == null || card.suggestions().isEmpty()) {
            return null;
        }
        return String.join(",", card.suggestions().stream().map(CdsJson.Suggestion::uuid).toList());
    }

    @SuppressWarnings("unchecked")
    private static List<String> rules(CdsJson.Card card) {
        var finding = (Map<String, Object>) card.extension().get(org.inocds.cards.CardRenderer.EXTENSION_KEY);
        return (List<String>) finding.get("rules");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
