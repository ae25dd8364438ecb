package org.inocds.reader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.inocds.record.ClinicalFact;
import org.inocds.record.DraftOrder;
import org.inocds.record.PatientRecord;

/**
 * FHIR → plain facts. The one place that knows how resources are read, so that a faster reader of just
 * the fields the rules need can replace HAPI binding without touching a rule (docs/design.md "Performance").
 */
public interface PatientRecordReader {

    PatientRecord read(PatientData data);

    /**
     * The MedicationRequests of a draft-orders Bundle. A medicationReference is resolved against contained
     * resources, Medications in the same Bundle and {@code medications} (the prefetch's, or read from the FHIR server);
     * one resolved nowhere gives an order whose medication is unknown ({@link DraftOrder#medicationUnresolved()}).
     *
     * @param medications Medication resources of the call outside the Bundle
     * @param today the date an order with no date of its own is planned for
     */
    List<DraftOrder> readDraftOrders(ObjectNode draftOrders, List<ObjectNode> medications, LocalDate today);

    /** Facts stated by the draft orders themselves: an HSCT ServiceRequest being signed counts as planned. */
    List<ClinicalFact> readDraftFacts(ObjectNode draftOrders);
}
