package org.inocds.cards;

import java.util.List;
import java.util.Locale;
import org.inocds.protocol.CdsJson;
import org.inocds.settings.InocdsProperties.Dialect;

/**
 * Cards shaped within what a client accepts, chosen per issuer ({@code inocds.security.jwt.issuers[n].card-dialect}).
 * {@code STANDARD} is CDS Hooks 2.0 as rendered. {@code EPIC} keeps Epic's documented response limits: a
 * {@code source.topic.code} of letters and digits only, at most 100 (Epic remembers an override by that code, so it is
 * derived from the topic alone and never changes: {@code hold-hematologic} → {@code HoldHematologic}; the display
 * keeps the words), and {@code selectionBehavior: any}, the only value Epic supports. One action per suggestion, which
 * Epic also requires, holds for every dialect (OrderSuggestions makes one).
 */
public final class CardDialect {

    static final int MAX_EPIC_TOPIC = 100;

    private CardDialect() {}

    public static CdsJson.Response apply(Dialect dialect, CdsJson.Response response) {
        if (dialect == Dialect.STANDARD || response.cards().isEmpty()) {
            return response;
        }
        return new CdsJson.Response(response.cards().stream().map(CardDialect::epic).toList());
    }

    private static CdsJson.Card epic(CdsJson.Card c) {
        var source = c.source();
        var topic = source.topic() == null ? null
                : new CdsJson.Coding(source.topic().system(), epicTopic(source.topic().code()), source.topic().display());
        List<CdsJson.Suggestion> suggestions = c.suggestions();
        var selection = suggestions == null || suggestions.isEmpty() ? c.selectionBehavior() : CdsJson.SelectionBehavior.ANY;
        return new CdsJson.Card(c.uuid(), c.summary(), c.detail(), c.indicator(), new CdsJson.Source(source.label(), source.url(), topic),
                suggestions, selection, c.overrideReasons(), c.links(), c.extension());
    }

    /** The topic code in upper camel case, letters and digits only: {@code hold-hematologic} → {@code HoldHematologic}. */
    static String epicTopic(String code) {
        StringBuilder out = new StringBuilder();
        for (String word : code.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return out.length() > MAX_EPIC_TOPIC ? out.substring(0, MAX_EPIC_TOPIC) : out.toString();
    }
}
