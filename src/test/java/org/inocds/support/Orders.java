package org.inocds.support;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.inocds.record.CycleDay;
import org.inocds.record.DraftOrder;
import org.inocds.record.DrugClass;

/** Draft orders as plain facts for rule tests: {@code Orders.inotuzumab("1.60", date).build()}. */
public final class Orders {

    private String reference = "MedicationRequest/d1";
    private boolean inotuzumab = true;
    private String name = "inotuzumab ozogamicin";
    private Set<DrugClass> classes = EnumSet.noneOf(DrugClass.class);
    private Set<DrugClass> byName = EnumSet.noneOf(DrugClass.class);
    private DraftOrder.Route route = DraftOrder.Route.unstated();
    private Optional<BigDecimal> minutes = Optional.empty();
    private Optional<BigDecimal> mg;
    private final LocalDate date;
    private Optional<CycleDay> explicit = Optional.empty();

    private Orders(String mg, LocalDate date) {
        this.mg = Optional.ofNullable(mg).map(BigDecimal::new);
        this.date = date;
    }

    public static Orders inotuzumab(String mg, LocalDate date) {
        return new Orders(mg, date);
    }

    public static Orders other(String name, LocalDate date, DrugClass... classes) {
        Orders o = new Orders("1", date);
        o.inotuzumab = false;
        o.name = name;
        o.reference = "MedicationRequest/" + name.replace(' ', '-');
        o.classes = classes.length == 0 ? EnumSet.noneOf(DrugClass.class) : EnumSet.of(classes[0], classes);
        return o;
    }

    public Orders reference(String reference) {
        this.reference = reference;
        return this;
    }

    public Orders explicit(int cycle, int day) {
        explicit = Optional.of(new CycleDay(cycle, day));
        return this;
    }

    public Orders route(DraftOrder.Route.Kind kind, String display) {
        route = new DraftOrder.Route(kind, display);
        return this;
    }

    public Orders minutes(String m) {
        minutes = Optional.of(new BigDecimal(m));
        return this;
    }

    public DraftOrder build() {
        return new DraftOrder(reference, inotuzumab, name, classes, route, minutes, mg,
                mg.isEmpty() ? Optional.of("dose-missing") : Optional.empty(), Optional.empty(), date,
                DraftOrder.PlannedDateSource.TIMING_EVENT, explicit, byName);
    }
}
