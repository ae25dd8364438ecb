package org.inocds.config;

import org.inocds.observability.ServiceMetrics;
import org.inocds.protocol.FeedbackRequest;
import org.inocds.rules.RuleId;
import org.inocds.security.CdsClientVerifier;
import org.springframework.stereotype.Component;

/**
 * Every kind of CDS client token refusal, and every rule × feedback outcome, shown at zero from the start (docs/running-in-production.md, health and metrics): an alert on
 * a refusal rate sees the first one. Wired here because the kinds are the security package's and the counter the
 * observability package's, and neither may know the other's direction.
 */
@Component
public class MetricsAtZero {

    public MetricsAtZero(ServiceMetrics metrics) {
        for (CdsClientVerifier.Rejected.Kind kind : CdsClientVerifier.Rejected.Kind.values()) {
            metrics.jwtRefusable(kind.name());
        }
        // every rule × feedback outcome, so that an accept or override rate per rule starts from a series at zero
        for (RuleId id : RuleId.values()) {
            for (FeedbackRequest.Outcome outcome : FeedbackRequest.Outcome.values()) {
                metrics.feedbackPossible(id.code(), outcome.json());
            }
        }
    }
}
