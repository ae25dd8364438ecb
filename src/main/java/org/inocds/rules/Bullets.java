package org.inocds.rules;

import java.util.List;

/**
 * A finding's list: each line a {@link Phrase} (a message key and its own values), shown as a bulleted list under the
 * card's detail and worded with the finding's values as well as its own. A rule says which lines, never their words.
 */
public record Bullets(List<Phrase> lines) {

    public Bullets {
        lines = List.copyOf(lines);
    }

    /** One line per item: the message {@code keyPrefix + item} with the finding's values ("mon.due.item." + "lft"). */
    public static Bullets items(String keyPrefix, List<String> items) {
        return new Bullets(items.stream().map(i -> Phrase.of(keyPrefix + i)).toList());
    }

    /** The message keys of the lines, in order. */
    public List<String> keys() {
        return lines.stream().map(Phrase::key).toList();
    }
}
