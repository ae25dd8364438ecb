package org.inocds.cdshooks;

import java.util.List;
import java.util.Optional;
import org.inocds.prefetch.PrefetchTemplates;
import org.inocds.rules.Hook;
import org.springframework.stereotype.Component;

/** The three services this server offers (docs/design.md "Services"). */
@Component
public class CdsServiceCatalog {

    private static final String USAGE = "Needs the patient's MedicationRequest, MedicationAdministration, Observation "
            + "(body measurements and laboratory), Condition, Procedure, ServiceRequest, AllergyIntolerance and "
            + "AdverseEvent resources, through the prefetch below or a fhirServer with fhirAuthorization. "
            + "Missing or failed data is reported on a data-quality card, never guessed.";

    private final List<CdsServiceDefinition> services;

    public CdsServiceCatalog(PrefetchTemplates templates) {
        services = List.of(
            new CdsServiceDefinition(Hook.ORDER_SELECT, "inotuzumab-order-select",
                    "Inotuzumab ozogamicin (Besponsa): dose while ordering",
                    "While an inotuzumab ozogamicin order is composed: the expected dose from body surface area, "
                            + "cycle, day and dose level, with the calculation, per the Japanese package insert "
                            + "(1st ed., Jan 2018).",
                    USAGE, templates.all()),
            new CdsServiceDefinition(Hook.ORDER_SIGN, "inotuzumab-order-sign",
                    "Inotuzumab ozogamicin (Besponsa): checks before signing",
                    "Before an inotuzumab ozogamicin order is signed: dose, schedule, holds, cycle limits and "
                            + "VOD/SOS risk per the Japanese package insert (1st ed., Jan 2018). Quiet when the "
                            + "order is correct.",
                    USAGE, templates.all()),
            new CdsServiceDefinition(Hook.PATIENT_VIEW, "inotuzumab-patient-view",
                    "Inotuzumab ozogamicin (Besponsa): regimen status",
                    "On opening the chart of a patient on or after inotuzumab ozogamicin: where the patient "
                            + "stands in the regimen and what needs attention.",
                    USAGE, templates.all()));
    }

    public List<CdsServiceDefinition> all() {
        return services;
    }

    public Optional<CdsServiceDefinition> find(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
