package org.inocds.rules;

/** CDS Hooks card urgency, lowest first. */
public enum Indicator {
    INFO,
    WARNING,
    CRITICAL;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
