package org.inocds.sandbox;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import org.inocds.cdshooks.CdsHttpException;
import org.inocds.cdshooks.RequestBodyBudget;
import org.inocds.json.BoundedJson;

/**
 * A body written to the sandbox is bounded by what it becomes before HAPI parses it, as a CDS call's is (issue 22: a
 * Patient of 200,000 extensions, 3.8 MB, became 1.5 million objects): its JSON elements are counted by streaming, more
 * than {@code inocds.limits.max-json-elements} → 413, and what it becomes is charged to the request-body budget of all
 * callers until it is answered (no room within a second → 503). Only FHIR JSON is written: XML would reach HAPI's parser
 * uncounted (415).
 */
@Interceptor
final class SandboxWriteGuard {

    private static final String CHARGE = SandboxWriteGuard.class.getName() + ".charge";

    private final BoundedJson json;
    private final RequestBodyBudget budget;

    SandboxWriteGuard(BoundedJson json, RequestBodyBudget budget) {
        this.json = json;
        this.budget = budget;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void beforeHandling(RequestDetails request, RestOperationTypeEnum operation) {
        RequestTypeEnum method = request.getRequestType();
        if (method != RequestTypeEnum.POST && method != RequestTypeEnum.PUT && method != RequestTypeEnum.PATCH
                || operation == RestOperationTypeEnum.SEARCH_TYPE || operation == RestOperationTypeEnum.SEARCH_SYSTEM) {
            return; // a search by POST sends form parameters, which HAPI reads as such, not a resource
        }
        byte[] body = request.loadRequestContents(); // kept by HAPI: its parser reads these same bytes
        if (body == null || body.length == 0) {
            return;
        }
        EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
        if (encoding != EncodingEnum.JSON && !(encoding == null && startsLikeJson(body))) {
            throw new UnclassifiedServerFailureException(415, "the sandbox accepts FHIR JSON (application/fhir+json) only");
        }
        long elements;
        try {
            elements = json.count(body, "the resource written");
        } catch (BoundedJson.TooManyElements e) {
            throw new PayloadTooLargeException(e.getMessage());
        }
        RequestBodyBudget.Charge charge = budget.open();
        request.getUserData().put(CHARGE, charge);
        try {
            charge.takeAsRead(body.length, elements);
        } catch (CdsHttpException.ServiceBusy e) {
            throw new UnclassifiedServerFailureException(503, "the service is working on as much request data as it may; retry shortly");
        }
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void afterHandling(RequestDetails request) {
        if (request.getUserData().remove(CHARGE) instanceof RequestBodyBudget.Charge charge) {
            charge.close();
        }
    }

    private static boolean startsLikeJson(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }
}
