package org.inocds.record;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A medication order or administration other than inotuzumab, with the classes it belongs to.
 *
 * @param status ACTIVE (active/on-hold order or in-progress administration), DRAFT (in this call's draft
 *     orders), DONE (completed)
 * @param date authored, planned or given date
 * @param classesByName those of {@code classes} recognised from the name alone (no known code): the card says so
 */
public record OtherMedication(String name, Set<DrugClass> classes, Status status, Optional<LocalDate> date, String sourceRef,
        Set<DrugClass> classesByName) {

    public OtherMedication {
        classes = Set.copyOf(classes);
        classesByName = Set.copyOf(classesByName);
    }

    public enum Status { ACTIVE, DRAFT, DONE }
}
