package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/** Feedback bodies whose size is fine but whose contents would cost the service more than any card could justify. */
class FeedbackEntryBoundsTest extends ServiceHttpTest {

    /**
     * Independent attack round (issue 22): one entry naming 60,000 distinct suggestions for a card nobody issued kept a
     * core busy for a minute (a list searched once per name) before its 400. A card offers a handful of suggestions:
     * more than any card offers is refused before anything is searched.
     */
    @Test
    void anEntryNamingMoreSuggestionsThanAnyCardOffersIsRefusedAtOnce() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            ids.append(i == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID()).append("\"}");
        }
        String body = "{\"feedback\":[{\"card\":\"%s\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[%s],\"outcomeTimestamp\":\"2026-01-10T00:30:00Z\"}]}"
                .formatted(UUID.randomUUID(), ids);
        long start = System.nanoTime();
        var answer = cds.post("/cds-services/inotuzumab-order-sign/feedback", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("feedback.acceptedSuggestions names more suggestions than a card offers");
        assertThat(millis).as("answered in %d ms", millis).isLessThan(3_000);
    }
}
