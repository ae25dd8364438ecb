package org.inocds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.inocds.cdshooks.RequestBodyBudget;
import org.inocds.json.BoundedJson;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded FHIR server at /fhir (docs/design.md "Embedded FHIR sandbox and demo"), on by default. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "inocds.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public class SandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

    @Bean
    public SandboxStore sandboxStore(FhirContext fhir, InocdsProperties properties, Clock clock) throws IOException {
        var store = new SandboxStore(properties.sandbox().maxWrittenResources(), properties.sandbox().maxWrittenBytes().toBytes());
        int loaded = DemoData.load(fhir, store, properties.sandbox().demoLocation(),
                LocalDate.ofInstant(clock.instant(), properties.site().timeZone()));
        log.info("FHIR sandbox: {} demo resources loaded from {}", loaded, properties.sandbox().demoLocation());
        return store;
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirSandboxServlet(FhirContext fhir, SandboxStore store, InocdsProperties properties,
            RequestBodyBudget bodyBudget) {
        var json = new BoundedJson(properties.limits().maxJsonNesting(), properties.limits().maxJsonElements());
        RestfulServer server = new RestfulServer(fhir) {
            @Override
            public void addHeadersToResponse(HttpServletResponse response) {
                // no X-Powered-By: server and library versions are not disclosed
            }
        };
        server.setServerName("inocds FHIR sandbox");
        server.setServerVersion("");
        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        var paging = new FifoMemoryPagingProvider(200);
        paging.setDefaultPageSize(50);
        paging.setMaximumPageSize(500);
        server.setPagingProvider(paging);
        server.registerInterceptor(new SandboxWriteGuard(json, bodyBudget));
        server.setResourceProviders(List.of(
                new SandboxResourceProvider<>(json, Patient.class, store, fhir),
                new SandboxResourceProvider<>(json, Observation.class, store, fhir),
                new SandboxResourceProvider<>(json, Condition.class, store, fhir),
                new SandboxResourceProvider<>(json, MedicationRequest.class, store, fhir),
                new SandboxResourceProvider<>(json, MedicationAdministration.class, store, fhir),
                new SandboxResourceProvider<>(json, Medication.class, store, fhir),
                new SandboxResourceProvider<>(json, Procedure.class, store, fhir),
                new SandboxResourceProvider<>(json, ServiceRequest.class, store, fhir),
                new SandboxResourceProvider<>(json, AllergyIntolerance.class, store, fhir),
                new SandboxResourceProvider<>(json, AdverseEvent.class, store, fhir),
                new SandboxResourceProvider<>(json, CarePlan.class, store, fhir)));
        var registration = new ServletRegistrationBean<>(server, "/fhir/*");
        registration.setName("fhirSandbox");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
