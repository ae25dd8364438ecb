package org.inocds.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RULES §1 "One dosing day, one dose": the records of one site-local day are one dose, their sum. */
class OnePerDayTest {

    private static final LocalDate D8 = LocalDate.of(2026, 1, 3);

    private static InotuzumabDose part(LocalDate date, String mg, String ref, boolean stopped) {
        return new InotuzumabDose(date, Optional.ofNullable(mg).map(BigDecimal::new), ref, stopped);
    }

    @Test
    void anInterruptedAndResumedInfusionIsOneDoseOfTheirSum() {
        var days = InotuzumabDose.onePerDay(List.of(part(D8, "0.40", "MedicationAdministration/b", false),
                part(D8.minusDays(7), "1.60", "MedicationAdministration/x", false), part(D8, "0.60", "MedicationAdministration/a", true)));
        assertThat(days).hasSize(2);
        assertThat(days.get(0).date()).isEqualTo(D8.minusDays(7));
        assertThat(days.get(1)).satisfies(d -> {
            assertThat(d.date()).isEqualTo(D8);
            assertThat(d.doseMg()).hasValueSatisfying(mg -> assertThat(mg).isEqualByComparingTo("1.00"));
            assertThat(d.doseMg().get().scale()).isEqualTo(2); // exact: 0.40 + 0.60, no binary rounding
            assertThat(d.partial()).as("a stopped part: the day counts as given, never as an intended reduction").isTrue();
            assertThat(d.sourceRef()).contains("MedicationAdministration/a", "MedicationAdministration/b");
        });
    }

    @Test
    void threeBagsOfOneDayAreOneCompleteDose() {
        var days = InotuzumabDose.onePerDay(List.of(part(D8, "0.30", "a", false), part(D8, "0.30", "b", false), part(D8, "0.40", "c", false)));
        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.doseMg()).hasValueSatisfying(mg -> assertThat(mg).isEqualByComparingTo("1.00"));
            assertThat(d.partial()).isFalse();
        });
    }

    @Test
    void onePartOfUnknownDoseMakesTheDaysDoseUnknown() {
        var days = InotuzumabDose.onePerDay(List.of(part(D8, "0.60", "a", true), part(D8, null, "b", false)));
        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.doseMg()).as("a known part alone would understate the day's dose").isEmpty();
            assertThat(d.partial()).isTrue();
        });
    }

    @Test
    void consecutiveDaysStayTwoDoses() {
        var days = InotuzumabDose.onePerDay(List.of(part(D8, "0.60", "a", false), part(D8.plusDays(1), "0.40", "b", false)));
        assertThat(days).extracting(InotuzumabDose::date).containsExactly(D8, D8.plusDays(1));
    }

    @Test
    void theRecordHoldsOneDoseADayWhateverTheReaderHandsIt() {
        var record = new PatientRecord("p", Optional.empty(), PatientRecord.Sex.FEMALE, List.of(), List.of(), List.of(),
                List.of(part(D8, "0.60", "a", true), part(D8, "0.40", "b", false), part(D8.minusDays(7), "1.60", "c", false)),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(record.inotuzumabDoses()).extracting(InotuzumabDose::date).containsExactly(D8.minusDays(7), D8);
        assertThat(record.inotuzumabDoses().get(1).doseMg()).hasValueSatisfying(mg -> assertThat(mg).isEqualByComparingTo("1.00"));
    }
}
