package org.inocds.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A change to a draft order that a card proposes; the card layer turns it into a CDS Hooks action. */
public sealed interface OrderChange {

    /** The draft order it applies to, e.g. {@code MedicationRequest/abc}. */
    String orderReference();

    /** Replace the ordered dose by {@code doseMg} mg. */
    record ChangeDose(String orderReference, BigDecimal doseMg) implements OrderChange {}

    /** Withdraw the draft order. */
    record CancelOrder(String orderReference) implements OrderChange {}

    /** Add the site's premedication orders for the classes the order lacks (PRE-1), for the day of this order. */
    record CreatePremedication(String orderReference, List<RuleSettings.PremedicationItem> items,
            LocalDate date) implements OrderChange {}
}
