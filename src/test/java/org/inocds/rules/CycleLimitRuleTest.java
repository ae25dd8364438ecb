package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.run;

import java.time.LocalDate;
import org.inocds.record.ClinicalConcept;
import org.inocds.record.ClinicalFact;
import org.inocds.support.Orders;
import org.inocds.support.Patients;
import org.junit.jupiter.api.Test;
import org.inocds.rules.family.CycleLimitRule;

/** CYC-1…4. Cycles on D1, D1+21, D1+49, D1+77, …: the next day 1 is cycle n+1. */
class CycleLimitRuleTest {

    private static final LocalDate D1 = LocalDate.of(2025, 6, 1);
    private final CycleLimitRule rule = new CycleLimitRule();

    /** A patient who has completed {@code cycles} cycles (day 1 only, on time). */
    private static Patients after(int cycles) {
        var p = patient().height("178", D1).weight("81", D1.plusDays(300));
        LocalDate day1 = D1;
        for (int c = 1; c <= cycles; c++) {
            p.dose(day1, null);
            day1 = day1.plusDays(c == 1 ? 21 : 28);
        }
        return p;
    }

    private static LocalDate nextDay1(int completed) {
        return D1.plusDays(21 + 28L * (completed - 1));
    }

    @Test
    void hsctPlannedStopsByCycleThree() {
        var planned = after(3).fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, D1.plusDays(30)).build();
        assertThat(run(rule, planned, Orders.inotuzumab("1.60", nextDay1(3)).build()))
                .extracting(Finding::primaryRule).containsExactly("CYC-1");
        var cycle3 = after(2).fact(ClinicalConcept.HSCT, ClinicalFact.Status.PLANNED, D1.plusDays(30)).build();
        assertThat(run(rule, cycle3, Orders.inotuzumab("1.60", nextDay1(2)).build()))
                .singleElement().satisfies(f -> {
                    assertThat(f.rules()).containsExactly("CYC-2");
                    assertThat(f.indicator()).isEqualTo(Indicator.INFO);
                });
    }

    @Test
    void noResponseByCycleThreeStopsWithoutHsct() {
        assertThat(run(rule, after(3).build(), Orders.inotuzumab("1.60", nextDay1(3)).build()))
                .extracting(Finding::primaryRule).containsExactly("CYC-3");
        var responded = after(3).remissionByMarrow("2", D1.plusDays(40)).build();
        assertThat(run(rule, responded, Orders.inotuzumab("1.00", nextDay1(3)).build())).isEmpty();
        assertThat(run(rule, after(2).build(), Orders.inotuzumab("1.60", nextDay1(2)).build())).isEmpty();
    }

    @Test
    void beyondSixCycles() {
        var responded = after(6).remissionByMarrow("2", D1.plusDays(40)).build();
        assertThat(run(rule, responded, Orders.inotuzumab("1.00", nextDay1(6)).build()))
                .extracting(Finding::primaryRule).containsExactly("CYC-4");
        var five = after(5).remissionByMarrow("2", D1.plusDays(40)).build();
        assertThat(run(rule, five, Orders.inotuzumab("1.00", nextDay1(5)).build())).isEmpty();
    }
}
