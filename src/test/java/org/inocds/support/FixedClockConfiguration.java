package org.inocds.support;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * "Today" in tests is the day the demo and scenario Bundles were written for (their {@code timestamp}),
 * so their dates are used as written.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FixedClockConfiguration {

    public static final LocalDate TODAY = LocalDate.of(2026, 1, 10);
    public static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    @Bean
    @Primary
    public Clock fixedClock() {
        return Clock.fixed(Instant.parse("2026-01-10T00:30:00Z"), ZONE);
    }
}
