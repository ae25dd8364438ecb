package org.inocds.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.inocds.regimen.ExpectedDose;

/** A change to a draft order that a card proposes; the card layer turns it into a CDS Hooks action. */
public sealed interface OrderChange {

    /** The draft order it applies to, e.g. {@code MedicationRequest/abc}. */
    String orderReference();

    /**
     * Replace the ordered dose by {@code doseMg} mg; {@code mgPerM2} is the same dose per m², for an order that also
     * states it so (the rule catalogue "Dose entries": every entry changes together).
     */
    record ChangeDose(String orderReference, BigDecimal doseMg, Optional<BigDecimal> mgPerM2) implements OrderChange {

        /** To the dose the label expects. */
        public static ChangeDose to(String orderReference, ExpectedDose expected) {
            return new ChangeDose(orderReference, expected.mg(), Optional.of(expected.mgPerM2()));
        }
    }

    /** Withdraw the draft order. */
    record CancelOrder(String orderReference) implements OrderChange {}

    /** Add the site's premedication orders for the classes the order lacks (PRE-1), for the day of this order. */
    record CreatePremedication(String orderReference, List<RuleSettings.PremedicationItem> items,
            LocalDate date) implements OrderChange {}
}
