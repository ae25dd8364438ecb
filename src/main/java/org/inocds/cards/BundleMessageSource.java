package org.inocds.cards;

import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;

/**
 * The card message bundles as a Spring {@link MessageSource}, for the pages' templates ({@code #{key}}): the same words,
 * the same languages (a bundle on the classpath) and the same ICU MessageFormat formatting ({@link CardMessages#text})
 * as the cards — one message source, not a second formatter. A message with named placeholders takes one
 * argument, a map of them. A missing key is a bug and fails loudly, as it does for a card.
 */
public final class BundleMessageSource implements MessageSource {

    private final CardMessages messages;

    public BundleMessageSource(CardMessages messages) {
        this.messages = messages;
    }

    @Override
    public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
        return messages.has(locale, code) ? getMessage(code, args, locale) : defaultMessage;
    }

    @Override
    @SuppressWarnings("unchecked")
    public String getMessage(String code, Object[] args, Locale locale) {
        Map<String, ?> named = args != null && args.length == 1 && args[0] instanceof Map<?, ?> map ? (Map<String, ?>) map : Map.of();
        return messages.text(locale, code, named);
    }

    @Override
    public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
        for (String code : resolvable.getCodes() == null ? new String[0] : resolvable.getCodes()) {
            if (messages.has(locale, code)) {
                return getMessage(code, resolvable.getArguments(), locale);
            }
        }
        if (resolvable.getDefaultMessage() != null) {
            return resolvable.getDefaultMessage();
        }
        throw new NoSuchMessageException(String.valueOf(resolvable.getCodes() == null ? null : resolvable.getCodes()[0]), locale);
    }
}
