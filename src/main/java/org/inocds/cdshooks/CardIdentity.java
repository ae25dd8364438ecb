package org.inocds.cdshooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inocds.protocol.CdsJson;
import org.springframework.stereotype.Component;

/**
 * A card shown again is the same card: an EHR calls order-select at every change of the order and patient-view at
 * every opening of the chart, and a pharmacy committee counting cards wants the hold it saw five times counted once
 * (the feedback summary counts by card id). So a card's id is worked out from what it is — the service, the client it
 * goes to, the patient, and everything the card says and offers — as a name-based UUID (RFC 9562 version 8, SHA-256).
 * The same card for the same client and patient gets the same id in every call, on every replica and after a restart;
 * anything that differs (a word, a value, the draft it would change, another client) gives another id. Feedback names
 * a card by this id and is taken only from the client the card went to (feedback/FeedbackStore), so knowing an id
 * lets no one else speak for it. A suggestion's id is derived from its card's id and its place.
 */
@Component
public class CardIdentity {

    private final ObjectMapper json;

    public CardIdentity(ObjectMapper json) {
        this.json = json;
    }

    public CdsJson.Response assign(CdsJson.Response response, String serviceId, String client, String patientId) {
        List<CdsJson.Card> out = new ArrayList<>(response.cards().size());
        Map<String, Integer> seen = new HashMap<>();
        for (CdsJson.Card card : response.cards()) {
            String content = content(card);
            // two cards alike in one answer (never expected) must still differ: the second is the same content seen again
            int again = seen.merge(content, 1, Integer::sum) - 1;
            String id = uuid(serviceId + '\u0000' + client + '\u0000' + patientId + '\u0000' + again + '\u0000' + content);
            List<CdsJson.Suggestion> suggestions = new ArrayList<>();
            for (int i = 0; i < card.suggestions().size(); i++) {
                CdsJson.Suggestion s = card.suggestions().get(i);
                suggestions.add(new CdsJson.Suggestion(s.label(), uuid(id + '\u0000' + i), s.isRecommended(), s.actions()));
            }
            out.add(new CdsJson.Card(id, card.summary(), card.detail(), card.indicator(), card.source(), suggestions,
                    card.selectionBehavior(), card.overrideReasons(), card.links(), card.extension()));
        }
        return new CdsJson.Response(out);
    }

    /** The card as JSON with its ids left out: what it says and offers. */
    private String content(CdsJson.Card card) {
        List<CdsJson.Suggestion> suggestions = card.suggestions().stream()
                .map(s -> new CdsJson.Suggestion(s.label(), null, s.isRecommended(), s.actions())).toList();
        try {
            return json.writeValueAsString(new CdsJson.Card(null, card.summary(), card.detail(), card.indicator(), card.source(),
                    suggestions, card.selectionBehavior(), card.overrideReasons(), card.links(), card.extension()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a card that cannot be written as JSON", e);
        }
    }

    static String uuid(String name) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8: custom, here name-based with SHA-256 (RFC 9562 §5.8)
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong()).toString();
    }
}
