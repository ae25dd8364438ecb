package org.inocds.record;

/**
 * Words as the chart wrote them — a display, a code's text, a drug's name, a reference, a unit as received — as a value
 * of its own type, so that the card layer can tell them from our own words and figures and insert them as text only
 * (escaped, one line, bounded: cards/CardText). A rule puts chart words into a finding only as this type.
 */
public record ChartText(String raw) {

    public ChartText {
        raw = raw == null ? "" : raw;
    }

    public static ChartText of(String raw) {
        return new ChartText(raw);
    }
}
