package org.inocds.record;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a patient's record, one per prefetch key: what each rule declares it reads (rules' {@code reads()}),
 * what a failed or truncated key leaves unknown (DQ-2, DQ-3), and the keys of the prefetch templates.
 */
public enum RecordPart {
    PATIENT("patient"),
    MEDICATION_REQUESTS("medicationRequests"),
    MEDICATION_ADMINISTRATIONS("medicationAdministrations"),
    BODY_MEASUREMENTS("bodyMeasurements"),
    LABS("labs"),
    /** Results often filed outside the laboratory category: pregnancy status and hCG, QTc, marrow blasts. */
    KEY_OBSERVATIONS("keyObservations"),
    CONDITIONS("conditions"),
    PROCEDURES("procedures"),
    SERVICE_REQUESTS("serviceRequests"),
    /** Plans of care: an HSCT planned may be written only there (the rule catalogue VOD-1: CarePlan too is read). */
    CARE_PLANS("carePlans"),
    ALLERGIES("allergies"),
    ADVERSE_EVENTS("adverseEvents");

    private final String key;

    RecordPart(String key) {
        this.key = key;
    }

    /** The prefetch key. */
    public String key() {
        return key;
    }

    /**
     * Where the inotuzumab doses are (administrations, and completed orders where there are none): enough to tell a
     * patient never given it, whose chart patient-view leaves quiet without reading the rest.
     */
    public static final Set<RecordPart> DOSE_HISTORY = Collections.unmodifiableSet(
            EnumSet.of(MEDICATION_ADMINISTRATIONS, MEDICATION_REQUESTS));

    public static Optional<RecordPart> ofKey(String key) {
        for (RecordPart p : values()) {
            if (p.key.equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
