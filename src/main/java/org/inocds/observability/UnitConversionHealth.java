package org.inocds.observability;

import org.inocds.knowledge.Units;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness includes unit conversion: a replica whose UCUM threads are all held past their time box would answer every
 * unit pair not yet seen as unconvertible (DQ-1) while looking healthy, so it says it cannot serve instead.
 */
@Component("unitConversion")
public class UnitConversionHealth implements HealthIndicator {

    private final Units units;

    public UnitConversionHealth(Units units) {
        this.units = units;
    }

    @Override
    public Health health() {
        Health.Builder health = units.conversionsAvailable() ? Health.up() : Health.down();
        return health.withDetail("timedOut", units.conversionsTimedOut()).build();
    }
}
