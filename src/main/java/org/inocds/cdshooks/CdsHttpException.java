package org.inocds.cdshooks;

import org.inocds.security.LogSafe;
import org.springframework.http.HttpStatus;

/**
 * A call the service answers with a 4xx (or 503 when busy); each subclass is one row of docs/design.md "Errors" and is mapped to
 * an OperationOutcome in {@link CdsErrorHandler}.
 */
public abstract sealed class CdsHttpException extends RuntimeException {

    private final HttpStatus status;
    private final String issueType;

    CdsHttpException(HttpStatus status, String issueType, String message) {
        super(message);
        this.status = status;
        this.issueType = issueType;
    }

    public HttpStatus status() {
        return status;
    }

    /** The OperationOutcome issue type (FHIR IssueType code). */
    public String issueType() {
        return issueType;
    }

    /** Malformed JSON, a missing or wrong field, or the wrong hook for the service. */
    public static final class BadRequest extends CdsHttpException {
        public BadRequest(String message) {
            super(HttpStatus.BAD_REQUEST, "invalid", message);
        }
    }

    /** No service with that id. */
    public static final class UnknownService extends CdsHttpException {
        public UnknownService(String id) {
            super(HttpStatus.NOT_FOUND, "not-found", "no CDS service with id '" + sanitize(id) + "'");
        }
    }

    /** The body is not JSON. */
    public static final class UnsupportedMediaType extends CdsHttpException {
        public UnsupportedMediaType(String message) {
            super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-supported", message);
        }
    }

    /** The body is larger than {@code inocds.limits.max-body-size}. */
    public static final class PayloadTooLarge extends CdsHttpException {
        public PayloadTooLarge(long limit) {
            super(HttpStatus.PAYLOAD_TOO_LARGE, "too-long", "request body larger than " + limit + " bytes");
        }

        /** A body within the byte limit whose JSON holds more elements than one may ({@code inocds.limits.max-json-elements}). */
        public PayloadTooLarge(String detail) {
            super(HttpStatus.PAYLOAD_TOO_LARGE, "too-long", detail);
        }
    }

    /** The body did not arrive within {@code inocds.limits.body-read-timeout}. */
    public static final class RequestTimeout extends CdsHttpException {
        public RequestTimeout(long seconds) {
            super(HttpStatus.REQUEST_TIMEOUT, "timeout", "request body not received within " + seconds + " s");
        }
    }

    /** The service is working on as many request bytes as it may hold ({@link RequestBodyBudget}); retry shortly. */
    public static final class ServiceBusy extends CdsHttpException {
        public ServiceBusy() {
            super(HttpStatus.SERVICE_UNAVAILABLE, "throttled",
                    "the service is working on as much request data as it may hold at once; retry shortly");
        }
    }

    /** One client posted more feedback entries in a minute than {@code inocds.feedback.max-entries-per-client-per-minute}. */
    public static final class TooManyRequests extends CdsHttpException {
        public TooManyRequests(String message) {
            super(HttpStatus.TOO_MANY_REQUESTS, "throttled", message);
        }
    }

    /** Echoes a caller's text into an error only as short printable ASCII. */
    static String sanitize(String s) {
        return LogSafe.of(s, 64);
    }
}
