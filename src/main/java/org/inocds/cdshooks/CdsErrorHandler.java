package org.inocds.cdshooks;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.inocds.observability.ServiceMetrics;
import org.inocds.prefetch.FetchedDataBusyException;
import org.inocds.prefetch.FhirDataUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become HTTP answers (docs/design.md "Errors"): every error carries an
 * OperationOutcome; an unexpected one gets a correlation id that is also logged, never a stack trace.
 */
@RestControllerAdvice
public class CdsErrorHandler {

    public static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");
    private static final Logger log = LoggerFactory.getLogger(CdsErrorHandler.class);

    private final OperationOutcomes outcomes;
    private final ServiceMetrics metrics;

    /**
     * Every status and issue type this handler answers with (those of {@link CdsHttpException}'s kinds and of the
     * handlers below), registered at zero so that a scraper sees each series before its first error
     * ({@code CdsErrorHandlerTest} checks the list against the exceptions).
     */
    static final List<Map.Entry<HttpStatus, String>> ANSWERS = List.of(
            Map.entry(HttpStatus.BAD_REQUEST, "invalid"),
            Map.entry(HttpStatus.NOT_FOUND, "not-found"),
            Map.entry(HttpStatus.METHOD_NOT_ALLOWED, "not-supported"),
            Map.entry(HttpStatus.NOT_ACCEPTABLE, "not-supported"),
            Map.entry(HttpStatus.REQUEST_TIMEOUT, "timeout"),
            Map.entry(HttpStatus.PRECONDITION_FAILED, "not-found"),
            Map.entry(HttpStatus.PAYLOAD_TOO_LARGE, "too-long"),
            Map.entry(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-supported"),
            Map.entry(HttpStatus.INTERNAL_SERVER_ERROR, "exception"),
            Map.entry(HttpStatus.TOO_MANY_REQUESTS, "throttled"),
            Map.entry(HttpStatus.SERVICE_UNAVAILABLE, "throttled"));

    public CdsErrorHandler(OperationOutcomes outcomes, ServiceMetrics metrics) {
        this.outcomes = outcomes;
        this.metrics = metrics;
        ANSWERS.forEach(a -> metrics.errorAnswerable(a.getKey().value(), a.getValue()));
    }

    @ExceptionHandler(CdsHttpException.class)
    ResponseEntity<String> cds(CdsHttpException e) {
        var answer = answer(e.status(), e.issueType(), e.getMessage());
        if (e instanceof CdsHttpException.ServiceBusy || e instanceof CdsHttpException.TooManyRequests) {
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header("Retry-After", "1")
                    .body(answer.getBody());
        }
        return answer;
    }

    /** 412: the data needed was neither prefetched nor obtainable from a FHIR server (prefetch raises it, below this layer). */
    /** Issue 22, defect 3: fetched data beyond what the service may hold at once is refused, as request bodies are. */
    @ExceptionHandler(FetchedDataBusyException.class)
    ResponseEntity<String> fetchedDataBusy(FetchedDataBusyException e) {
        var answer = answer(HttpStatus.SERVICE_UNAVAILABLE, "throttled", e.getMessage());
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header("Retry-After", "1")
                .body(answer.getBody());
    }

    @ExceptionHandler(FhirDataUnavailableException.class)
    ResponseEntity<String> dataUnavailable(FhirDataUnavailableException e) {
        return answer(HttpStatus.PRECONDITION_FAILED, "not-found", e.getMessage());
    }

    /** A query past its time limit (the feedback summary's, {@code inocds.feedback.summary-timeout}): 503, retry later. */
    @ExceptionHandler(QueryTimeoutException.class)
    ResponseEntity<String> queryTimeout(QueryTimeoutException e) {
        var answer = answer(HttpStatus.SERVICE_UNAVAILABLE, "timeout", "the query took longer than it may; retry later");
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header("Retry-After", "30").body(answer.getBody());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "not-supported", "method " + e.getMethod() + " not allowed here");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-supported", "request body must be application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<String> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return answer(HttpStatus.NOT_ACCEPTABLE, "not-supported", "this service answers application/json only");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<String> notFound(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, "not-found", "no such resource");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        String correlationId = UUID.randomUUID().toString();
        // Exception messages may quote patient data: log types and frames only, never messages.
        log.error("unexpected failure, correlation id {}: {}", correlationId, withoutMessages(e));
        ResponseEntity<String> response = answer(HttpStatus.INTERNAL_SERVER_ERROR, "exception",
                "internal error; correlation id " + correlationId);
        return ResponseEntity.status(response.getStatusCode())
                .headers(response.getHeaders())
                .header("X-Correlation-Id", correlationId)
                .body(response.getBody());
    }

    static String withoutMessages(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(t == e ? "" : "\ncaused by ").append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(12, frames.length); i++) {
                out.append("\n\tat ").append(frames[i]);
            }
        }
        return out.toString();
    }

    private ResponseEntity<String> answer(HttpStatus status, String issueType, String message) {
        metrics.errorAnswered(status.value(), issueType);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(FHIR_JSON);
        return new ResponseEntity<>(outcomes.error(issueType, message), headers, status);
    }
}
