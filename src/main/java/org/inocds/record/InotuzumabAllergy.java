package org.inocds.record;

import java.time.LocalDate;
import java.util.Optional;

/**
 * An AllergyIntolerance to inotuzumab ozogamicin or Besponsa that is not refuted or entered in error
 * (ELIG-1), or an earlier infusion reaction to it (INF-1, INF-2).
 *
 * @param severe criticality high, or a reaction of severity severe
 */
public record InotuzumabAllergy(String display, boolean severe, Optional<LocalDate> date, String sourceRef) {}
