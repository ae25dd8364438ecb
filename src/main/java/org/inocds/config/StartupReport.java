package org.inocds.config;

import java.util.List;
import java.util.Optional;
import org.inocds.cdshooks.RequestBodyBudget;
import org.inocds.settings.InocdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says at start, where an operator cannot miss it, how this instance is exposed: the demo default trusts
 * every caller (JWT off) and serves an embedded FHIR sandbox.
 */
@Component
public class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);
    private final InocdsProperties properties;
    private final RequestBodyBudget bodyBudget;

    public StartupReport(InocdsProperties properties, RequestBodyBudget bodyBudget) {
        this.properties = properties;
        this.bodyBudget = bodyBudget;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void report() {
        log.info("Request bodies in progress: at most {} MB (heap up to {} MB; inocds.limits.max-bodies-in-progress)",
                bodyBudget.capacity().toMegabytes(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (!properties.security().jwt().required()) {
            log.warn("*** SECURITY: JWT verification is OFF — every caller is trusted. Demo use only; "
                    + "do not expose this instance to a network with patient data. ***");
        } else {
            log.info("JWT required; {} trusted issuer(s)", Optional.ofNullable(properties.security().jwt().issuers())
                    .map(List::size).orElse(0));
        }
        if (properties.sandbox().enabled()) {
            log.warn("*** DEMO: embedded FHIR sandbox at /fhir with demo patients from {} ***",
                    properties.sandbox().demoLocation());
            if (properties.security().jwt().required() && properties.sandbox().open()) {
                log.warn("*** SECURITY: inocds.sandbox.open=true — /fhir and /timeline answer WITHOUT a token, and /fhir "
                        + "accepts writes. Synthetic demo data only. ***");
            }
        }
        log.info("cards default language: {}; BSA formula: {}; dose tolerance ±{} %",
                properties.defaultLanguage(), properties.dosing().bsaFormula(), properties.dosing().doseTolerancePercent());
    }
}
