package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The sandbox's per-patient index follows every write: a search by patient reads that patient's resources only. */
class SandboxStoreTest {

    private static Observation observation(String id, String patient) {
        var o = new Observation();
        o.setId(id);
        o.setSubject(new Reference("Patient/" + patient));
        return o;
    }

    @Test
    void theIndexFollowsPutsReplacementsAndRemovals() {
        var store = new SandboxStore();
        store.put(observation("o1", "a"));
        store.put(observation("o2", "a"));
        store.put(observation("o3", "b"));
        assertThat(store.ofPatient("Observation", "a")).extracting(r -> r.getIdElement().getIdPart()).containsExactlyInAnyOrder("o1", "o2");

        store.put(observation("o2", "b")); // the same resource, now another patient's
        assertThat(store.ofPatient("Observation", "a")).extracting(r -> r.getIdElement().getIdPart()).containsExactly("o1");
        assertThat(store.ofPatient("Observation", "b")).extracting(r -> r.getIdElement().getIdPart()).containsExactlyInAnyOrder("o2", "o3");

        assertThat(store.remove("Observation", "o3")).isTrue();
        assertThat(store.ofPatient("Observation", "b")).extracting(r -> r.getIdElement().getIdPart()).containsExactly("o2");
        assertThat(store.ofPatient("Condition", "b")).isEmpty();
    }
}
