package org.inocds.scenarios;

import static org.inocds.support.HookRequests.withFhirServer;
import static org.inocds.support.HookRequests.withFullPrefetch;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.inocds.sandbox.DemoData;
import org.inocds.sandbox.SandboxStore;
import org.inocds.support.CdsHttp;
import org.inocds.support.FixedClockConfiguration;
import org.inocds.support.ServiceHttpTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The service over a real port with one scenario patient loaded into its embedded FHIR server. */
abstract class ScenarioHttpTest extends ServiceHttpTest {

    @Autowired
    SandboxStore store;

    @Autowired
    FhirContext fhir;

    /** Loads the scenario's Bundle into the sandbox (dates as written: its timestamp is the tests' today). */
    JsonNode loaded(String id) throws IOException {
        DemoData.load(fhir, store, ScenarioFiles.bundleLocation(id), FixedClockConfiguration.TODAY);
        return ScenarioFiles.expectation(id);
    }

    /** The scenario's call with the full prefetch (from the embedded sandbox, as an EHR would compute it). */
    CdsHttp.Answer prefetched(String id, JsonNode expect) {
        String service = "inotuzumab-" + expect.get("hook").asText();
        var request = withFullPrefetch(ScenarioFiles.request(id, expect.get("hook").asText(), expect), cds, service);
        if (expect.path("prefetchWithFhirServer").asBoolean(false)) {
            // as Epic calls: the prefetch and the fhirServer, where a Medication only referenced is read
            request.put("fhirServer", cds.fhirBase());
        }
        return cds.call(service, request);
    }

    /** The scenario's call with no prefetch: the service fetches from {@code fhirBase}. */
    CdsHttp.Answer fetchedFrom(String fhirBase, String id, JsonNode expect) {
        String service = "inotuzumab-" + expect.get("hook").asText();
        return cds.call(service, withFhirServer(ScenarioFiles.request(id, expect.get("hook").asText(), expect), fhirBase));
    }
}
