package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.inocds.settings.InocdsProperties;
import org.inocds.support.Settings;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The request bytes worked on at once scale with the heap when no site sets them: a fixed 32 MB ran a 256 MB heap out
 * under 16 large calls (OutOfMemoryError in Tomcat's poller; the process then answered nothing, docs/performance.md).
 * A call's tree and record take about eight times its bytes, so the default is a twentieth of the heap.
 */
class RequestBodyBudgetDefaultTest {

    private static final long MB = 1024 * 1024;

    @Test
    void unsetItIsATwentiethOfTheHeapTheJvmMayGrowTo() {
        var limits = Settings.properties(Map.of()).limits();
        assertThat(limits.maxBodiesInProgress()).as("nothing bound when unset").isNull();
        assertThat(limits.bodiesInProgress(256 * MB)).isEqualTo(DataSize.ofBytes(256 * MB / 20));
        assertThat(limits.bodiesInProgress(1024 * MB)).isEqualTo(DataSize.ofBytes(1024 * MB / 20));
        // never below the largest body accepted: a tiny heap still reads one call at a time
        assertThat(limits.bodiesInProgress(16 * MB)).isEqualTo(limits.maxBodySize()).isEqualTo(DataSize.ofMegabytes(5));
    }

    /** The settings table (docs/settings.md) says the default in words; they must be this share. */
    @Test
    void theSettingsTableSaysTheSameShare() throws Exception {
        assertThat(InocdsProperties.Limits.HEAP_SHARE_OF_BODIES).isEqualTo(20);
        String row = Files.readAllLines(Path.of("docs/settings.md")).stream()
                .filter(l -> l.startsWith("| `inocds.limits.max-bodies-in-progress` |")).findFirst().orElseThrow();
        assertThat(row).contains("a twentieth of the heap", "at least `max-body-size`");
    }

    @Test
    void aSiteSettingStandsWhateverTheHeap() {
        var limits = Settings.properties(Map.of("inocds.limits.max-bodies-in-progress", "12MB")).limits();
        assertThat(limits.bodiesInProgress(256 * MB)).isEqualTo(DataSize.ofMegabytes(12));
        assertThat(limits.bodiesInProgress(8192 * MB)).isEqualTo(DataSize.ofMegabytes(12));
    }

    @Test
    void theBudgetTakesItsCapacityFromThisJvmsHeap() {
        var budget = new RequestBodyBudget(Settings.properties(Map.of()));
        long expected = Math.max(5 * MB, Runtime.getRuntime().maxMemory() / 20);
        assertThat(budget.capacity().toKilobytes()).isEqualTo(expected / 1024);
    }
}
