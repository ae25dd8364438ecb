package org.inocds.security;

/**
 * A caller's value made fit for one log line: printable ASCII only (CR, LF and every other control or non-ASCII
 * character become {@code ?}, so a value cannot forge a line) and at most 80 characters (a 1 MB
 * {@code hookInstance} must not become a 1 MB line).
 */
public final class LogSafe {

    static final int MAX = 80;

    private LogSafe() {}

    public static String of(String value) {
        if (value == null) {
            return "-";
        }
        int n = Math.min(value.length(), MAX);
        StringBuilder out = new StringBuilder(n + 1);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c <= 0x7E ? c : '?');
        }
        if (value.length() > MAX) {
            out.append('…');
        }
        return out.toString();
    }
}
