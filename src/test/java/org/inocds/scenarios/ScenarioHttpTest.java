package org.inocds.scenarios;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.inocds.sandbox.DemoData;
import org.inocds.sandbox.SandboxStore;
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
}
