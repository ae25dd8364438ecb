package org.inocds.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated CDS Hooks 2.0 service call. Unknown fields and {@code extension} objects are tolerated and
 * left unread.
 *
 * @param accessToken {@code fhirAuthorization.access_token}; never logged
 * @param draftOrders {@code context.draftOrders}, on order-select and order-sign
 * @param selections {@code context.selections}, on order-select
 * @param prefetch key → resource or JSON null, as sent
 */
public record CdsRequest(
        String hook,
        String hookInstance,
        Optional<URI> fhirServer,
        Optional<String> accessToken,
        String patientId,
        Optional<ObjectNode> draftOrders,
        List<String> selections,
        Map<String, JsonNode> prefetch) {

    @Override
    public String toString() {
        return "CdsRequest[hook=" + hook + ", hookInstance=" + hookInstance + "]";
    }
}
