package org.inocds.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.inocds.settings.InocdsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.util.unit.DataSize;

/**
 * Issue 22, defect 3: when an I/O thread of the FHIR client ends (as the heap running out while a response arrived
 * ended it), every fetch after it fails at once; readiness must say so rather than UP. And the shared budget is whole
 * again once every share is closed, a share over the whole budget served alone.
 */
class FhirFetchHealthTest {

    private static FhirServerClient newClient() {
        return new FhirServerClient(new ObjectMapper(), new InocdsProperties.Fetch(Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                200, 5000, Duration.ofSeconds(5), DataSize.ofMegabytes(4), DataSize.ofMegabytes(16), 6, null),
                SystemDefaultDnsResolver.INSTANCE);
    }

    @Test
    @SuppressWarnings({"deprecation", "removal"})
    void readinessIsDownOnceAnIoThreadOfTheFetchClientHasEnded() throws Exception {
        var budget = new FetchedDataBudget(DataSize.ofMegabytes(1));
        try (var client = newClient()) {
            var health = new FhirFetchHealth(client, budget);
            assertThat(client.ioThreads()).isNotEmpty();
            // the reactor turns active on its own threads once started: on a loaded machine that takes a moment
            for (int i = 0; i < 100 && health.health().getStatus() != Status.UP; i++) {
                Thread.sleep(50);
            }
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);

            Thread io = client.ioThreads().get(0);
            io.stop(); // as an OutOfMemoryError on that thread would end it
            io.join(5_000);
            assertThat(io.isAlive()).isFalse();
            assertThat(client.running()).isFalse();
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void sharesAreChargedWithTheExpansionRefusedWithoutWaitingAndGivenBack() {
        var budget = new FetchedDataBudget(DataSize.ofKilobytes(80)); // 10 KB fetched, counted 8 times
        var first = budget.open();
        var second = budget.open();
        assertThat(first.take(6 * 1024)).isTrue(); // 48 KB
        assertThat(budget.inUse()).isEqualTo(DataSize.ofKilobytes(48));
        assertThat(second.take(4 * 1024)).isTrue(); // 32 KB: 80 in all
        assertThat(second.take(1)).isFalse(); // no room, no wait
        first.close();
        assertThat(second.take(1)).isTrue();
        second.close();
        assertThat(budget.inUse().toBytes()).isZero();

        var alone = budget.open(); // more than the whole budget: served, but alone
        assertThat(alone.take(1024 * 1024)).isTrue();
        assertThat(budget.inUse()).isEqualTo(DataSize.ofKilobytes(80));
        var other = budget.open();
        assertThat(other.take(1)).isFalse();
        alone.close();
        other.close();
        assertThat(alone.take(1)).as("a closed share takes nothing").isFalse();
        assertThat(budget.inUse().toBytes()).isZero();
    }
}
