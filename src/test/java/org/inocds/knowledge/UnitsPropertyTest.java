package org.inocds.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Issue 22, defect 2, as a property: whatever the unit string (atoms, prefixes, exponents from 0 to ±999, powers of
 * ten, factors, nesting, annotations), a conversion answers within its time box and leaves no UCUM thread working.
 */
class UnitsPropertyTest {

    private static final Units UNITS = newUnits();
    private static final List<String> ATOMS = List.of("g", "mg", "ug", "kg", "L", "dL", "uL", "mL", "fL", "m", "cm", "mm",
            "s", "min", "h", "d", "mol", "umol", "mmol", "U", "[iU]", "%", "[pi]", "deg", "'", "''", "Cel", "[degF]",
            "10*", "10^", "[lb_av]", "[in_i]", "[Btu_IT]", "mm[Hg]", "[mu_0]", "Oe", "sph", "circ", "[ppm]", "eq", "osm",
            "K", "Pa", "kPa", "J", "cal", "[gr]", "[ft_i]", "[gal_us]", "sr", "rad", "Np", "B[SPL]", "[pH]", "{cells}");

    private static Units newUnits() {
        try {
            return new Units();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> units() {
        Arbitrary<String> exponent = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.integers().between(-6, 6).map(String::valueOf),
                Arbitraries.integers().between(-999, 999).map(String::valueOf),
                Arbitraries.integers().between(-30, 30).map(String::valueOf));
        Arbitrary<String> symbol = Combinators.combine(Arbitraries.of(ATOMS), exponent).as((a, e) -> a + e);
        Arbitrary<String> factor = Arbitraries.integers().between(1, 999).map(String::valueOf);
        Arbitrary<String> component = Arbitraries.frequencyOf(
                Tuple.of(8, symbol), Tuple.of(1, factor),
                Tuple.of(1, symbol.map(s -> "(" + s + ")")),
                Tuple.of(1, symbol.map(s -> s + "{x}")));
        return component.list().ofMinSize(1).ofMaxSize(10)
                .flatMap(parts -> Arbitraries.of(".", "/").list().ofSize(parts.size()).map(ops -> {
                    StringBuilder unit = new StringBuilder(ops.get(0).equals("/") ? "/" : "");
                    for (int i = 0; i < parts.size(); i++) {
                        unit.append(i == 0 ? "" : ops.get(i)).append(parts.get(i));
                    }
                    return unit.toString();
                }));
    }

    @Property(tries = 300)
    void noUnitKeepsAThreadPastTheBox(@ForAll("units") String unit) throws InterruptedException {
        long start = System.nanoTime();
        UNITS.convert(new BigDecimal("2.5"), unit, "mg");
        UNITS.convert(new BigDecimal("2.5"), unit, "/uL");
        // each of the (at most four) UCUM calls ends within its box; a margin for a machine shared with other builds
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4 * Units.UCUM_TIME_BOX_MS + 1000);
        assertThat(busyUcumThreads()).as("UCUM threads still working after %s", unit).isZero();
        assertThat(UNITS.conversionsAvailable()).isTrue();
    }

    /** UCUM threads still working a little after the call has answered (an idle one waits for work). */
    static long busyUcumThreads() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            long busy = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("ucum") && t.getState() == Thread.State.RUNNABLE).count();
            if (busy == 0) {
                return 0;
            }
            Thread.sleep(10);
        }
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ucum") && t.getState() == Thread.State.RUNNABLE).count();
    }
}
