package org.inocds.prefetch;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness includes the FHIR fetch client: a replica whose client has lost an I/O thread fails every fetched call at
 * once, so it says it cannot serve instead of looking healthy (issue 22, defect 3). The shared budget's capacity is
 * shown with it.
 */
@Component("fhirFetch")
public class FhirFetchHealth implements HealthIndicator {

    private final FhirServerClient client;
    private final FetchedDataBudget budget;

    public FhirFetchHealth(FhirServerClient client, FetchedDataBudget budget) {
        this.client = client;
        this.budget = budget;
    }

    @Override
    public Health health() {
        Health.Builder health = client.running() ? Health.up() : Health.down().withDetail("ioThreads", "stopped");
        return health.withDetail("fetchedInProgressKb", budget.inUse().toKilobytes())
                .withDetail("fetchedCapacityKb", budget.capacity().toKilobytes()).build();
    }
}
