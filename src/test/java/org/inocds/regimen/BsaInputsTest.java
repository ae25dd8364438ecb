package org.inocds.regimen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DOSE-1: which BSA a dose uses, and the windows (weight 30 days, height 365 days) at their boundaries. */
class BsaInputsTest {

    private static final LocalDate PLANNED = LocalDate.of(2026, 1, 10);

    private static BsaInputs.Outcome resolve(org.inocds.record.PatientRecord record) {
        return BsaInputs.resolve(record, PLANNED, BsaFormula.MOSTELLER, 30, 365);
    }

    @ParameterizedTest(name = "weight {0} days before the dose → usable: {1}")
    @CsvSource({"0, true", "30, true", "31, false"})
    void weightWindow(int daysBefore, boolean usable) {
        var record = patient().height("170", PLANNED.minusDays(10)).weight("64", PLANNED.minusDays(daysBefore)).build();
        var outcome = resolve(record);
        assertThat(outcome.bsa().isPresent()).isEqualTo(usable);
        if (!usable) {
            assertThat(outcome.problems()).containsExactly(
                    new BsaInputs.Problem("weight", Optional.of(PLANNED.minusDays(daysBefore)), 30));
        }
    }

    @ParameterizedTest(name = "height {0} days before the dose → usable: {1}")
    @CsvSource({"365, true", "366, false"})
    void heightWindow(int daysBefore, boolean usable) {
        var record = patient().height("170", PLANNED.minusDays(daysBefore)).weight("64", PLANNED.minusDays(1)).build();
        assertThat(resolve(record).bsa().isPresent()).isEqualTo(usable);
    }

    @Test
    void measurementsAfterThePlannedDateAreNotUsed() {
        var record = patient().height("170", PLANNED.plusDays(1)).weight("64", PLANNED.plusDays(1)).build();
        var outcome = resolve(record);
        assertThat(outcome.bsa()).isEmpty();
        assertThat(outcome.problems()).extracting(BsaInputs.Problem::input).containsExactly("weight", "height");
        assertThat(outcome.problems()).allMatch(p -> p.newestDate().isEmpty());
    }

    @Test
    void newestMeasurementsWin() {
        var record = patient()
                .height("160", PLANNED.minusDays(200)).height("170", PLANNED.minusDays(20))
                .weight("80", PLANNED.minusDays(25)).weight("64", PLANNED.minusDays(2)).build();
        var bsa = resolve(record).bsa().orElseThrow();
        assertThat(bsa.squareMeters()).isEqualByComparingTo("1.74");
        assertThat(bsa.height().orElseThrow().date()).isEqualTo(PLANNED.minusDays(20));
        assertThat(bsa.weight().orElseThrow().date()).isEqualTo(PLANNED.minusDays(2));
    }

    @Test
    void recordedBsaIsUsedWhenAsRecentAsTheWeight() {
        var record = patient().height("170", PLANNED.minusDays(20)).weight("64", PLANNED.minusDays(3))
                .recordedBsa("1.80", PLANNED.minusDays(3)).build();
        var bsa = resolve(record).bsa().orElseThrow();
        assertThat(bsa.isRecorded()).isTrue();
        assertThat(bsa.squareMeters()).isEqualByComparingTo("1.80");
    }

    @Test
    void recordedBsaOlderThanTheNewestWeightIsRecomputed() {
        var record = patient().height("170", PLANNED.minusDays(20)).weight("64", PLANNED.minusDays(1))
                .recordedBsa("1.90", PLANNED.minusDays(5)).build();
        var bsa = resolve(record).bsa().orElseThrow();
        assertThat(bsa.isRecorded()).isFalse();
        assertThat(bsa.squareMeters()).isEqualByComparingTo("1.74");
    }

    @Test
    void recordedBsaOutsideTheWeightWindowIsNotUsed() {
        var record = patient().recordedBsa("1.80", PLANNED.minusDays(31)).build();
        assertThat(resolve(record).bsa()).isEmpty();
    }
}
