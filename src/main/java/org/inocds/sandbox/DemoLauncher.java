package org.inocds.sandbox;

import java.net.URI;
import org.inocds.reader.FhirIds;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /demo-ehr/launch?patient=…[&appContext=…][&url=…]}: what the demo EHR does when its user opens the SMART
 * app for a patient (the demo page's "timeline (SMART launch)" link, or a card's {@code smart} link with its
 * {@code appContext}): binds a new {@code launch} id to the patient and the appContext ({@link DemoLaunches}) and sends
 * the browser to the app's launch URL with {@code iss} = this sandbox's {@code /fhir} and that {@code launch}, as an
 * EHR launches an app. Only in the demo, beside {@link DemoAuthorizationServer}.
 */
@RestController
@Profile("!prod")
@ConditionalOnExpression("${inocds.sandbox.enabled:true} and !${inocds.security.jwt.required:false}")
public class DemoLauncher {

    private final SandboxStore store;
    private final DemoLaunches launches;

    public DemoLauncher(SandboxStore store, DemoLaunches launches) {
        this.store = store;
        this.launches = launches;
    }

    @GetMapping("/demo-ehr/launch")
    public ResponseEntity<Void> launch(@RequestParam(value = "patient", required = false) String patient,
            @RequestParam(value = "appContext", required = false) String appContext,
            @RequestParam(value = "lang", required = false) String lang) {
        if (patient == null || patient.isBlank()) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).build(); // which patient is the EHR's first word (review: was a 500)
        }
        if (!FhirIds.isId(patient) || store.get("Patient", patient).isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        if (appContext != null && (appContext.isBlank() || appContext.length() > 1000)) {
            appContext = null; // the app reads at most that much (smart/SmartAppController)
        }
        String origin = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        var target = UriComponentsBuilder.fromUriString(origin + "/smart/launch")
                .queryParam("iss", origin + "/fhir").queryParam("launch", launches.start(patient, appContext));
        if (lang != null && lang.matches("[a-z]{2}")) {
            target.queryParam("lang", lang);
        }
        URI location = target.encode().build().toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }
}
