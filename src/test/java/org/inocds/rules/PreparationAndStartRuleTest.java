package org.inocds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.Patients.patient;
import static org.inocds.support.RuleRuns.run;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.inocds.record.ChartText;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;
import org.inocds.support.Orders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.inocds.rules.family.PreparationRule;
import org.inocds.rules.family.StartChecklistRule;

/** PREP-1, PREP-2, START-1 with ELIG-7. */
class PreparationAndStartRuleTest {

    private static final LocalDate DAY = LocalDate.of(2026, 1, 10);
    private static final PatientRecord PATIENT = patient().height("178", DAY.minusDays(10)).weight("81", DAY).build();

    @Test
    void preparationIsComputedForTheDose() {
        // 1.60 mg of 0.25 mg/mL → 6.40 mL from 2 vials of 1 mg
        var findings = run(new PreparationRule(), Hook.ORDER_SELECT, PATIENT, Orders.inotuzumab("1.60", DAY).build());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.rules()).containsExactly("PREP-1");
            assertThat(f.params()).containsEntry("vials", 2).containsEntry("withdrawMl", new BigDecimal("6.40"))
                    .containsEntry("concentration", new BigDecimal("0.25"));
        });
        assertThat(run(new PreparationRule(), Hook.ORDER_SIGN, PATIENT, Orders.inotuzumab("1.60", DAY).build())).isEmpty();
        // exactly 1 mg needs one vial; 1.01 mg two
        assertThat(PreparationRule.preparation(new BigDecimal("1.00"), org.inocds.support.Settings.defaults()).params()).containsEntry("vials", 1);
        assertThat(PreparationRule.preparation(new BigDecimal("1.01"), org.inocds.support.Settings.defaults()).params()).containsEntry("vials", 2);
    }

    @ParameterizedTest(name = "infusion of {0} min → PREP-2: {1}")
    @CsvSource({"59, true", "60, false", "90, false"})
    void infusionOfAtLeastOneHour(String minutes, boolean warns) {
        var findings = run(new PreparationRule(), PATIENT, Orders.inotuzumab("1.60", DAY).minutes(minutes).build());
        assertThat(findings).extracting(Finding::primaryRule).containsExactlyElementsOf(warns ? List.of("PREP-2") : List.of());
    }

    @Test
    void onlyIntravenous() {
        var oral = Orders.inotuzumab("1.60", DAY).route(DraftOrder.Route.Kind.NOT_INTRAVENOUS, "Oral route").build();
        assertThat(run(new PreparationRule(), PATIENT, oral)).singleElement()
                .satisfies(f -> assertThat(f.params()).containsEntry("route", ChartText.of("Oral route")));
        var iv = Orders.inotuzumab("1.60", DAY).route(DraftOrder.Route.Kind.INTRAVENOUS, "Intravenous route").build();
        assertThat(run(new PreparationRule(), PATIENT, iv)).isEmpty();
    }

    @ParameterizedTest(name = "{0} aged {1} → items {2}")
    @CsvSource({
        "FEMALE, 30, consent facility baseline-tests pregnancy-test contraception-female surveillance",
        "FEMALE, 56, consent facility baseline-tests surveillance",
        "FEMALE, 12, consent facility baseline-tests pregnancy-test contraception-female surveillance",
        "MALE, 70, consent facility baseline-tests contraception-male surveillance"
    })
    void startChecklistOnTheFirstDose(PatientRecord.Sex sex, int age, String items) {
        var record = patient().height("178", DAY.minusDays(10)).weight("81", DAY).sex(sex).born(DAY.minusYears(age)).build();
        var findings = run(new StartChecklistRule(), record, Orders.inotuzumab("1.60", DAY).build());
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(((Bullets) f.params().get("items")).keys())
                    .containsExactlyElementsOf(Stream.of(items.split(" ")).map(i -> "start-1.checklist.item." + i).toList());
            assertThat(f.topic()).isEqualTo(Topic.SURVEILLANCE);
        });
        var treated = patient().height("178", DAY.minusDays(10)).weight("81", DAY).dose(DAY.minusDays(7), "1.60").build();
        assertThat(run(new StartChecklistRule(), treated, Orders.inotuzumab("1.00", DAY).build())).isEmpty();
    }
}
