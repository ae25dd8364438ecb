package org.inocds.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The service's own meters, exported at {@code /actuator/prometheus} (docs/running-in-production.md "Running at scale"). Every tag is from a
 * bounded set the service defines — service ids, rule ids, topics, indicators, HTTP statuses, FHIR issue types,
 * prefetch keys, refusal kinds — never a patient id, a hookInstance, a URL or any text a caller sent.
 */
@Component
public class ServiceMetrics {

    private final MeterRegistry registry;

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One service call, from the request read to the cards rendered; outcome is {@code cards}, {@code quiet} or {@code error}. */
    public void hookCall(String serviceId, String outcome, Duration took) {
        Timer.builder("inocds.hook.calls").description("CDS service calls, from request to cards")
                .tag("service", serviceId).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(took);
    }

    public void cardIssued(String serviceId, String rule, String topic, String indicator) {
        Counter.builder("inocds.cards.issued").description("cards answered, by the rule that made each")
                .tag("service", serviceId).tag("rule", rule).tag("topic", topic).tag("indicator", indicator)
                .register(registry).increment();
    }

    /** An error answer: its HTTP status and its OperationOutcome issue type. */
    public void errorAnswered(int status, String issueType) {
        errors(status, issueType).increment();
    }

    /**
     * An error answer the service may give, shown at zero from the start: a scraper's rate() and an alert on it see the
     * first error rather than a series that did not exist before it.
     */
    public void errorAnswerable(int status, String issueType) {
        errors(status, issueType);
    }

    private Counter errors(int status, String issueType) {
        return Counter.builder("inocds.errors").description("error answers (4xx, 412, 5xx) by status and FHIR issue type")
                .tag("status", Integer.toString(status)).tag("kind", issueType)
                .register(registry);
    }

    /**
     * One prefetch key fetched from a FHIR server, all its pages: how it ended (FETCHED, NONE_FOUND, TRUNCATED, FAILED),
     * how long it took and how many resources it read.
     */
    public void fhirFetch(String key, String outcome, int resources, Duration took) {
        Timer.builder("inocds.fhir.fetch").description("FHIR searches the service made itself, by prefetch key")
                .tag("key", key).tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(took);
        DistributionSummary.builder("inocds.fhir.fetch.resources").description("resources read per fetched key")
                .tag("key", key).register(registry).record(resources);
    }

    public void jwtRefused(String kind) {
        jwtRefusals(kind).increment();
    }

    /** A kind of token refusal, shown at zero from the start (as {@link #errorAnswerable}). */
    public void jwtRefusable(String kind) {
        jwtRefusals(kind);
    }

    private Counter jwtRefusals(String kind) {
        return Counter.builder("inocds.jwt.refused").description("CDS client tokens refused, by kind of refusal")
                .tag("reason", kind).register(registry);
    }
}
