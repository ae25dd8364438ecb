package org.inocds.rules;

import java.util.Locale;

/** CDS Hooks card urgency, lowest first. */
public enum Indicator {
    INFO,
    WARNING,
    CRITICAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
