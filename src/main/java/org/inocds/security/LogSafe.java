package org.inocds.security;

/**
 * A caller's value made fit for one log line, or to be echoed in an error answer: printable ASCII only (CR, LF and every other control or non-ASCII
 * character become {@code ?}, so a value cannot forge a line) and at most 80 characters (a 1 MB
 * {@code hookInstance} must not become a 1 MB line).
 */
public final class LogSafe {

    static final int MAX = 80;

    private LogSafe() {}

    public static String of(String value) {
        return of(value, MAX);
    }

    /**
     * A request path for a log line without what may identify a patient: {@code /cds-services/…} as it is (service ids),
     * any other path by its first segment only ({@code /fhir/Patient/123} → {@code /fhir/…}, {@code /timeline/p1} →
     * {@code /timeline/…}).
     */
    public static String route(String path) {
        if (path == null) {
            return "-";
        }
        if (path.startsWith("/cds-services")) {
            return of(path);
        }
        int second = path.indexOf('/', 1);
        return second < 0 || second == path.length() - 1 ? of(path) : of(path.substring(0, second)) + "/…";
    }

    /** The same, cut at {@code max} characters (an error message echoing a caller's text uses 64). */
    public static String of(String value, int max) {
        if (value == null) {
            return "-";
        }
        int n = Math.min(value.length(), max);
        StringBuilder out = new StringBuilder(n + 1);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c <= 0x7E ? c : '?');
        }
        if (value.length() > max) {
            out.append('…');
        }
        return out.toString();
    }
}
