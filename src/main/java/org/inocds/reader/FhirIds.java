package org.inocds.reader;

import java.util.Optional;

/** The FHIR R4 {@code id} datatype: 1 to 64 of {@code A-Z a-z 0-9 - .} — one check for every id read or asked for. */
public final class FhirIds {

    private static final int MAX_LENGTH = 64;

    private FhirIds() {}

    /** Epic's ids run to about 200 characters, past R4's 64: a Medication id is read up to this length. */
    private static final int MAX_REFERENCED_ID = 256;

    /**
     * The id of the Medication a reference names: {@code Medication/x}, or an absolute {@code https://…/Medication/x}
     * (Epic's), a version ({@code /_history/n}) dropped; empty for anything else (a contained {@code #x} included).
     */
    public static Optional<String> medicationId(String reference) {
        if (reference == null || reference.startsWith("#")) {
            return Optional.empty();
        }
        String r = reference;
        int history = r.indexOf("/_history/");
        if (history >= 0) {
            r = r.substring(0, history);
        }
        int at = r.lastIndexOf("Medication/");
        if (at < 0 || (at > 0 && r.charAt(at - 1) != '/')) {
            return Optional.empty();
        }
        String id = r.substring(at + "Medication/".length());
        return idChars(id, MAX_REFERENCED_ID) ? Optional.of(id) : Optional.empty();
    }

    /** Whether {@code id} is a FHIR id (checked without a regex: every Observation of a long history asks). */
    public static boolean isId(String id) {
        return idChars(id, MAX_LENGTH);
    }

    private static boolean idChars(String id, int maxLength) {
        if (id == null || id.isEmpty() || id.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
