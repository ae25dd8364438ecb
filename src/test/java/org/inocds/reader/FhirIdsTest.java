package org.inocds.reader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FHIR R4 id rule, at its bounds: 1 and 64 characters, each allowed character, and what is refused. */
class FhirIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "-", ".", "demo-jp-c2", "A.b-9", "s09-c2d1-on-time",
            "1234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsIds(String id) {
        assertThat(FhirIds.isId(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345678901234567890123456789012345678901234567890123456789012345", "a b", "a/b", "a_b",
            "Observation/o1/_history/2", "é", "a\n", "%2e"})
    void refusesOthers(String id) {
        assertThat(FhirIds.isId(id)).isFalse();
    }
}
