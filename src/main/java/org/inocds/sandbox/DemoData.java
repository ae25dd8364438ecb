package org.inocds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Loads the demo Bundles into the sandbox. Each Bundle's {@code timestamp} is the "today" its story was
 * written for; every date in it is moved by the same number of days so that this day falls on the real
 * today. A demo written once keeps its shape (a dose given 7 days ago stays 7 days ago) whenever it runs.
 */
public final class DemoData {

    private DemoData() {}

    /**
     * The tag system of a demo Bundle's story ({@code scripts/scenarios.py} writes it; its display is the story); the
     * demo call's tags are in systems named from it: {@code -call} (the hook), {@code -order-mg}, {@code -expect}.
     */
    public static final String STORY_SYSTEM = "http://inocds.org/fhir/CodeSystem/demo";

    /** @return the number of resources loaded */
    public static int load(FhirContext fhir, SandboxStore store, String location, LocalDate today) throws IOException {
        var parser = fhir.newJsonParser();
        var terser = fhir.newTerser();
        int loaded = 0;
        for (var file : new PathMatchingResourcePatternResolver().getResources(location)) {
            String json;
            try (InputStream in = file.getInputStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Bundle bundle = parser.parseResource(Bundle.class, json);
            // the Bundle's story and its demo call (the hook, the ordered mg, the cards expected: tags of the demo code
            // systems) go onto its Patient, so that the demo page can say who each patient is and what to expect
            var demoTags = bundle.getMeta().getTag().stream().filter(t -> t.hasSystem() && t.getSystem().startsWith(STORY_SYSTEM)).toList();
            int days = bundle.hasTimestamp()
                    ? (int) ChronoUnit.DAYS.between(toLocalDate(bundle.getTimestampElement()), today)
                    : 0;
            for (var entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                if (resource == null) {
                    continue;
                }
                if (days != 0) {
                    for (BaseDateTimeType date : terser.getAllPopulatedChildElementsOfType(resource, BaseDateTimeType.class)) {
                        date.add(Calendar.DATE, days);
                    }
                }
                if (resource instanceof Patient) {
                    demoTags.forEach(t -> resource.getMeta().addTag(t.copy()));
                }
                store.put(resource);
                loaded++;
            }
        }
        return loaded;
    }

    private static LocalDate toLocalDate(BaseDateTimeType dt) {
        return LocalDate.of(dt.getYear(), dt.getMonth() + 1, dt.getDay());
    }
}
