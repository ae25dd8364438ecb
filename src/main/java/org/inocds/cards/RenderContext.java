package org.inocds.cards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the renderer needs besides a finding: the language, this service's absolute base URL (for
 * {@code source.url}), the draft orders as sent (for update suggestions), where the embedded sandbox
 * runs the patient's timeline page, and where the site registered the SMART app its launch URL.
 */
public record RenderContext(Locale locale, String baseUrl, Map<String, ObjectNode> draftOrders, Optional<String> timelineUrl,
        String patientId, Optional<String> smartLaunchUrl) {

    /** Without the SMART app. */
    public RenderContext(Locale locale, String baseUrl, Map<String, ObjectNode> draftOrders, Optional<String> timelineUrl, String patientId) {
        this(locale, baseUrl, draftOrders, timelineUrl, patientId, Optional.empty());
    }
}
