package org.inocds.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /cds-services/{id}/feedback} (CDS Hooks 2.0 "Feedback"; Epic's {@code overrideReasons}
 * spelling too), its checks declared as Bean Validation constraints whose messages are the 400's diagnostics. The
 * lengths are those of the database columns, so that nothing too long reaches them. The entries are read one by one
 * ({@link Entry}): each is checked before the store's checks of the same entry, in the order they were posted. In an
 * entry, a member given as JSON null is given, not absent: it is refused as a wrong shape (an empty list, for
 * {@code acceptedSuggestions}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeedbackRequest(
        @NotEmpty(message = "feedback must be a non-empty array")
        @Size(max = FeedbackRequest.MAX_ENTRIES, message = "at most " + FeedbackRequest.MAX_ENTRIES + " feedback entries per request")
        List<JsonNode> feedback) {

    public static final int MAX_ENTRIES = 500;

    /** Epic's acknowledgement reason category, in the {@code extension} block of its {@code overrideReasons}. */
    public static final String EPIC_REASON_CATEGORY = "com.epic.cdshooks.feedback.overrideReason.reasonCategory";

    /** A feedback entry's {@code outcome}. */
    public enum Outcome {
        ACCEPTED("accepted"),
        OVERRIDDEN("overridden");

        private final String json;

        Outcome(String json) {
            this.json = json;
        }

        /** The spec's string, as posted and as stored. */
        @JsonValue
        public String json() {
            return json;
        }
    }

    /**
     * One entry. Unknown keys are tolerated. When both {@code overrideReason} (the spec's) and {@code overrideReasons}
     * (Epic's) are given, the spec's counts and Epic's is not read (the caller drops it before reading the entry).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(
            @NotBlank(message = "feedback.card must be a non-empty string")
            @Size(max = 36, message = "feedback.card is longer than 36 characters")
            @Pattern(regexp = "[0-9a-fA-F\\-]{36}", message = "feedback.card must be a card uuid")
            String card,
            @NotNull(message = "feedback.outcome must be a non-empty string")
            Outcome outcome,
            @Size(max = MAX_SUGGESTIONS, message = "feedback.acceptedSuggestions names more suggestions than a card offers")
            List<@NotNull(message = SUGGESTION_ID) @Valid SuggestionId> acceptedSuggestions,
            @Valid OverrideReason overrideReason,
            @Valid EpicOverrideReasons overrideReasons,
            @NotBlank(message = "feedback.outcomeTimestamp must be a non-empty string")
            @Size(max = 64, message = "feedback.outcomeTimestamp is longer than 64 characters")
            String outcomeTimestamp) {

        static final String SUGGESTION_ID = "feedback.acceptedSuggestions[].id must be a suggestion uuid";

        /**
         * More than any card offers (ours offer one or two): refused before the names are searched, as 60,000 of them
         * kept a core busy for a minute (issue 22, independent attack round).
         */
        public static final int MAX_SUGGESTIONS = 16;

        @JsonIgnore
        @AssertTrue(message = "feedback.acceptedSuggestions is required for accepted outcomes")
        public boolean isSuggestionsGivenWhenAccepted() {
            return outcome != Outcome.ACCEPTED || (acceptedSuggestions != null && !acceptedSuggestions.isEmpty());
        }

        @JsonIgnore
        @AssertTrue(message = "feedback.acceptedSuggestions belongs to accepted outcomes only")
        public boolean isNoSuggestionsUnlessAccepted() {
            return outcome != Outcome.OVERRIDDEN || acceptedSuggestions == null;
        }

        /** RFC 3339 ({@code 2026-01-10T00:31:00Z}, {@code …+09:00}); a blank or overlong value is refused above. */
        @JsonIgnore
        @AssertTrue(message = "feedback.outcomeTimestamp must be an RFC 3339 date-time")
        public boolean isOutcomeTimestampADateTime() {
            if (outcomeTimestamp == null || outcomeTimestamp.isBlank() || outcomeTimestamp.length() > 64) {
                return true;
            }
            try {
                OffsetDateTime.parse(outcomeTimestamp);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        /** The suggestions accepted, each once: what is stored is at most what the card offered. */
        public List<String> acceptedSuggestionIds() {
            return acceptedSuggestions == null ? List.of() : acceptedSuggestions.stream().map(SuggestionId::id).distinct().toList();
        }

        /** The coding of the reason given, if one was: the spec's, else Epic's (a Coding, or its category under our system). */
        public Optional<Coding> reasonCoding() {
            if (overrideReason != null) {
                return Optional.ofNullable(overrideReason.reason());
            }
            return Optional.ofNullable(overrideReasons).flatMap(EpicOverrideReasons::coding);
        }

        /** Whether the clinician wrote a comment (its text is never kept). */
        public boolean hadComment() {
            String comment = overrideReason != null ? overrideReason.userComment()
                    : overrideReasons != null ? overrideReasons.userComment() : null;
            return comment != null && !comment.isBlank();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SuggestionId(
            @NotBlank(message = Entry.SUGGESTION_ID) @Size(max = 64, message = Entry.SUGGESTION_ID) String id) {}

    /** A reason's coding; other members (display) are tolerated. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Coding(
            @NotBlank(message = "feedback.system must be a non-empty string")
            @Size(max = 300, message = "feedback.system is longer than 300 characters")
            String system,
            @NotBlank(message = "feedback.code must be a non-empty string")
            @Size(max = 200, message = "feedback.code is longer than 200 characters")
            String code) {}

    /** CDS Hooks 2.0 {@code overrideReason: {reason: Coding, userComment}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OverrideReason(@Valid Coding reason, String userComment) {}

    /**
     * Epic's {@code overrideReasons} (plural, one object): a Coding, or only the category in its {@code extension}
     * block, which has no code system of its own. Other keys there are tolerated.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EpicOverrideReasons(
            @Valid Coding reason,
            String userComment,
            JsonNode extension) {

        private static final String CATEGORY = "feedback.overrideReasons.extension." + EPIC_REASON_CATEGORY;

        /**
         * Epic acknowledgement reasons are recorded under this system of ours, the category as the code (docs/design.md
         * "Feedback").
         */
        public static final String EPIC_ACKNOWLEDGEMENT_REASON = "http://inocds.org/fhir/CodeSystem/epic-acknowledgement-reason";

        /** The category, when there is no Coding: a string or a number (as Epic's examples write it). */
        private JsonNode category() {
            return reason == null && extension != null ? extension.get(EPIC_REASON_CATEGORY) : null;
        }

        @JsonIgnore
        @AssertTrue(message = CATEGORY + " must be a string")
        public boolean isCategoryAString() {
            return category() == null || (category().isValueNode() && !category().isNull());
        }

        @JsonIgnore
        @AssertTrue(message = CATEGORY + " must be a non-empty string")
        public boolean isCategoryNotBlank() {
            return !isCategoryAString() || category() == null || !category().asText().isBlank();
        }

        @JsonIgnore
        @AssertTrue(message = CATEGORY + " is longer than 200 characters")
        public boolean isCategoryWithin200() {
            return !isCategoryAString() || category() == null || category().asText().length() <= 200;
        }

        Optional<Coding> coding() {
            if (reason != null) {
                return Optional.of(reason);
            }
            return Optional.ofNullable(category()).map(c -> new Coding(EPIC_ACKNOWLEDGEMENT_REASON, c.asText()));
        }
    }
}
