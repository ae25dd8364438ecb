package org.inocds.reader;

/** The FHIR R4 {@code id} datatype: 1 to 64 of {@code A-Z a-z 0-9 - .} — one check for every id read or asked for. */
public final class FhirIds {

    private static final int MAX_LENGTH = 64;

    private FhirIds() {}

    /** Whether {@code id} is a FHIR id (checked without a regex: every Observation of a long history asks). */
    public static boolean isId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
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
