package org.inocds.cards;

import org.inocds.record.ChartText;

/**
 * Chart words as card text (issue 22, defect 4: a planted {@code <img>} or {@code [x](javascript:…)} in an allergy's
 * text became markup in the card). The one place a {@link ChartText} becomes part of a summary or a markdown detail:
 * <ul>
 * <li>one line: line breaks, tabs and other control characters become a space, so no value starts a block (a
 * heading, a list, a table row) of its own;</li>
 * <li>bounded: at most {@value #MAX_LENGTH} characters, the rest cut with an ellipsis;</li>
 * <li>text only: {@code < > & " '} as HTML character references and every other CommonMark metacharacter
 * ({@code \ ` * _ { } [ ] ( ) # + - . ! | ~}) behind a backslash, so no link, image, emphasis, code span or HTML
 * element can be formed from it, whatever the client's renderer.</li>
 * </ul>
 */
final class CardText {

    static final int MAX_LENGTH = 80;
    private static final String BACKSLASHED = "\\`*_{}[]()#+-.!|~";

    private CardText() {}

    static String escaped(ChartText text) {
        return escaped(text.raw());
    }

    static String escaped(String raw) {
        String line = oneLine(raw);
        if (line.codePointCount(0, line.length()) > MAX_LENGTH) {
            line = line.substring(0, line.offsetByCodePoints(0, MAX_LENGTH - 1)).stripTrailing() + "…";
        }
        StringBuilder out = new StringBuilder(line.length() + 16);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (BACKSLASHED.indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * A summary is plain text in CDS Hooks, and EHRs show it as such: of the escapes above it keeps only those that could
     * still form markup in a client that renders it anyway (links, images, emphasis, code; {@code < >} become ‹ ›), and takes back
     * those that mean nothing on one line of text — a hyphen, a dot, a plus, a hash, an exclamation mark, quotes, and
     * parentheses not behind an (escaped) bracket — so that "Hepatic veno-occlusive disease (drug-induced)" reads as
     * written.
     */
    static String plainSummary(String rendered) {
        return rendered.replaceAll("\\\\([-.+#!])", "$1")
                .replaceAll("(?<!\\\\\\])\\\\([()])", "$1")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                // angle brackets as their look-alikes: no element can form in a client that renders the summary as HTML, and
                // a plain-text client (most EHRs, the public sandbox) shows no character reference
                .replace("&lt;", "‹")
                .replace("&gt;", "›")
                .replace("&amp;", "&");
    }

    /** Control characters, line and paragraph separators as spaces; runs of white space as one. */
    private static String oneLine(String raw) {
        StringBuilder out = new StringBuilder(Math.min(raw.length(), 4 * MAX_LENGTH));
        boolean space = false;
        for (int i = 0; i < raw.length() && out.length() < 4 * MAX_LENGTH; i++) {
            char c = raw.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)
                    || Character.getType(c) == Character.FORMAT;
            if (blank) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
