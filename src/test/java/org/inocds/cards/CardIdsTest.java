package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CardIdsTest {

    @Test
    void idsAreVersion4UuidsAndDistinct() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String id = CardIds.next();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(id).isEqualTo(uuid.toString());
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
