package org.inocds.cdshooks;

import java.util.List;
import org.inocds.protocol.CdsJson;

/**
 * Where the service calls hand the cards they issued, so that feedback can name them (kept by {@code feedback/IssuedCardLog}).
 * The protocol declares it and the feedback package implements it, so that feedback builds on the protocol and not the
 * other way round.
 */
public interface IssuedCards {

    /**
     * @param issuedTo the client the cards go to ({@link CdsCaller}): only it may give feedback on them
     */
    void record(String serviceId, String hookInstance, String patientId, String issuedTo, List<CdsJson.Card> cards);
}
