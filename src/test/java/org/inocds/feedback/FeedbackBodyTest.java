package org.inocds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 24: the feedback body is checked by its declared constraints ({@code protocol/FeedbackRequest}) with the 400s
 * and messages the hand-written checks gave — each body here was answered with this message before the change. A body
 * that passes every check of its shape reaches the store's checks (an unknown card).
 */
class FeedbackBodyTest extends ServiceHttpTest {

    private static final String PATH = "/cds-services/inotuzumab-order-sign/feedback";
    private static final String CARD = "00000000-0000-0000-0000-000000000000";
    private static final String AT = "\"outcomeTimestamp\":\"2026-01-10T00:31:00Z\"";
    private static final String EPIC = "com.epic.cdshooks.feedback.overrideReason.reasonCategory";
    private static final String UNKNOWN_CARD = "feedback for a card this service did not issue to this client";

    private static String entry(String members) {
        return "{\"feedback\":[{" + members + "}]}";
    }

    private static String overridden(String members) {
        return entry("\"card\":\"" + CARD + "\",\"outcome\":\"overridden\"," + members + AT);
    }

    private static String accepted(String suggestions) {
        return entry("\"card\":\"" + CARD + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":" + suggestions + "," + AT);
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("{}", "feedback must be a non-empty array"),
                Arguments.of("{\"feedback\":null}", "feedback must be a non-empty array"),
                Arguments.of("{\"feedback\":{}}", "feedback must be a non-empty array"),
                Arguments.of("{\"feedback\":[]}", "feedback must be a non-empty array"),
                Arguments.of("{\"feedback\":[7]}", "each feedback entry must be an object"),
                Arguments.of("{\"feedback\":[null]}", "each feedback entry must be an object"),
                Arguments.of(entry("\"card\":7,\"outcome\":\"overridden\"," + AT), "feedback.card must be a non-empty string"),
                Arguments.of(entry("\"card\":null,\"outcome\":\"overridden\"," + AT), "feedback.card must be a non-empty string"),
                Arguments.of(entry("\"card\":\" \",\"outcome\":\"overridden\"," + AT), "feedback.card must be a non-empty string"),
                Arguments.of(entry("\"outcome\":\"overridden\"," + AT), "feedback.card must be a non-empty string"),
                Arguments.of(entry("\"card\":\"" + CARD + "0\",\"outcome\":\"overridden\"," + AT), "feedback.card is longer than 36 characters"),
                Arguments.of(entry("\"card\":\"" + "z".repeat(36) + "\",\"outcome\":\"overridden\"," + AT), "feedback.card must be a card uuid"),
                Arguments.of(entry("\"card\":\"" + "z".repeat(37) + "\",\"outcome\":\"ignored\"," + AT), "feedback.card is longer than 36 characters"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"ignored\"," + AT), "feedback.outcome must be accepted or overridden"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"Accepted\"," + AT), "feedback.outcome must be accepted or overridden"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":1," + AT), "feedback.outcome must be a non-empty string"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"\"," + AT), "feedback.outcome must be a non-empty string"),
                Arguments.of(entry("\"card\":\"" + CARD + "\"," + AT), "feedback.outcome must be a non-empty string"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"" + "o".repeat(21) + "\"," + AT),
                        "feedback.outcome is longer than 20 characters"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"accepted\"," + AT), "feedback.acceptedSuggestions is required for accepted outcomes"),
                Arguments.of(accepted("[]"), "feedback.acceptedSuggestions is required for accepted outcomes"),
                Arguments.of(accepted("null"), "feedback.acceptedSuggestions is required for accepted outcomes"),
                Arguments.of(accepted("\"s-1\""), "feedback.acceptedSuggestions is required for accepted outcomes"),
                Arguments.of(accepted("[{\"id\":7}]"), "feedback.acceptedSuggestions[].id must be a suggestion uuid"),
                Arguments.of(accepted("[null]"), "feedback.acceptedSuggestions[].id must be a suggestion uuid"),
                Arguments.of(accepted("[\"s-1\"]"), "feedback.acceptedSuggestions[].id must be a suggestion uuid"),
                Arguments.of(accepted("[{\"id\":\" \"}]"), "feedback.acceptedSuggestions[].id must be a suggestion uuid"),
                Arguments.of(accepted("[{\"id\":\"" + "s".repeat(65) + "\"}]"), "feedback.acceptedSuggestions[].id must be a suggestion uuid"),
                Arguments.of(accepted("[{\"id\":\"" + "s".repeat(64) + "\",\"label\":null}]"), UNKNOWN_CARD),
                Arguments.of(overridden("\"acceptedSuggestions\":[],"), "feedback.acceptedSuggestions belongs to accepted outcomes only"),
                Arguments.of(overridden("\"acceptedSuggestions\":[{\"id\":\" \"}],"), "feedback.acceptedSuggestions belongs to accepted outcomes only"),
                Arguments.of(overridden("\"acceptedSuggestions\":[7],"), "feedback.acceptedSuggestions belongs to accepted outcomes only"),
                Arguments.of(entry("\"card\":7,\"outcome\":1," + AT), "feedback.card must be a non-empty string"),
                Arguments.of(entry("\"acceptedSuggestions\":\"x\",\"card\":\"" + CARD + "\",\"outcome\":\"ignored\"," + AT),
                        "feedback.outcome must be accepted or overridden"),
                Arguments.of(entry("\"outcomeTimestamp\":\"yesterday\",\"card\":\"" + CARD + "\",\"outcome\":\"overridden\","
                        + "\"overrideReason\":{\"reason\":{\"system\":\"s\",\"code\":\"c\"},\"userComment\":7}"),
                        "feedback.overrideReason.userComment must be a string"),
                Arguments.of(overridden("\"acceptedSuggestions\":null,"), "feedback.acceptedSuggestions belongs to accepted outcomes only"),
                Arguments.of(overridden("\"overrideReason\":[],"), "feedback.overrideReason must be an object"),
                Arguments.of(overridden("\"overrideReason\":null,"), "feedback.overrideReason must be an object"),
                Arguments.of(overridden("\"overrideReason\":{\"reason\":\"x\"},"), "feedback.system must be a non-empty string"),
                Arguments.of(overridden("\"overrideReason\":{\"reason\":null},"), "feedback.system must be a non-empty string"),
                Arguments.of(overridden("\"overrideReason\":{\"reason\":{\"system\":\"s\"}},"), "feedback.code must be a non-empty string"),
                Arguments.of(overridden("\"overrideReason\":{\"reason\":{\"code\":\"c\",\"system\":7}},"), "feedback.system must be a non-empty string"),
                Arguments.of(overridden("\"overrideReason\":{\"reason\":{\"system\":\"" + "s".repeat(301) + "\",\"code\":\"c\"}},"),
                        "feedback.system is longer than 300 characters"),
                Arguments.of(overridden("\"overrideReason\":{\"reason\":{\"system\":\"s\",\"code\":\"c\"},\"userComment\":7},"),
                        "feedback.overrideReason.userComment must be a string"),
                Arguments.of(overridden("\"overrideReason\":{\"userComment\":null},"), "feedback.overrideReason.userComment must be a string"),
                Arguments.of(overridden("\"overrideReasons\":{\"userComment\":[]},"), "feedback.overrideReasons.userComment must be a string"),
                Arguments.of(overridden("\"overrideReasons\":{\"extension\":{\"" + EPIC + "\":null}},"),
                        "feedback.overrideReasons.extension." + EPIC + " must be a string"),
                Arguments.of(overridden("\"overrideReasons\":{\"extension\":{\"" + EPIC + "\":\"\"}},"),
                        "feedback.overrideReasons.extension." + EPIC + " must be a non-empty string"),
                Arguments.of(overridden("\"overrideReasons\":{\"extension\":{\"" + EPIC + "\":\"" + "4".repeat(201) + "\"}},"),
                        "feedback.overrideReasons.extension." + EPIC + " is longer than 200 characters"),
                Arguments.of(overridden("\"overrideReasons\":{\"extension\":{\"" + EPIC + "\":45,\"other\":null}},"), UNKNOWN_CARD),
                Arguments.of(overridden("\"overrideReasons\":{\"extension\":null},"), UNKNOWN_CARD),
                Arguments.of(overridden("\"overrideReasons\":{\"reason\":{\"system\":\"s\",\"code\":\"c\"},\"extension\":{\"" + EPIC + "\":{}}},"),
                        UNKNOWN_CARD),
                Arguments.of(overridden("\"overrideReason\":{\"reason\":{\"system\":\"s\",\"code\":\"c\",\"display\":null}},\"overrideReasons\":[],"),
                        UNKNOWN_CARD),
                Arguments.of(overridden("\"overrideReason\":{},\"futureKey\":null,"), UNKNOWN_CARD),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"overridden\""), "feedback.outcomeTimestamp must be a non-empty string"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":20260110"),
                        "feedback.outcomeTimestamp must be a non-empty string"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"yesterday\""),
                        "feedback.outcomeTimestamp must be an RFC 3339 date-time"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T00:31:00\""),
                        "feedback.outcomeTimestamp must be an RFC 3339 date-time"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"" + "2".repeat(65) + "\""),
                        "feedback.outcomeTimestamp is longer than 64 characters"),
                Arguments.of(entry("\"card\":\"" + CARD + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-01-10T09:31:00+09:00\""),
                        UNKNOWN_CARD));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("bodies")
    void eachBodyIsAnsweredWithTheMessageOfItsFirstFault(String body, String message) {
        var answer = cds.post(PATH, body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.json().at("/issue/0/diagnostics").asText()).as(body).isEqualTo(message);
    }
}
