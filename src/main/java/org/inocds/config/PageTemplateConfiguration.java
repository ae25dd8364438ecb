package org.inocds.config;

import org.inocds.cards.BundleMessageSource;
import org.inocds.cards.CardMessages;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ITemplateResolver;

/**
 * The HTML pages' template engine (Thymeleaf, templates in {@code templates/}): Spring Boot's, except that
 * {@code #{…}} reads the card message bundles ({@link BundleMessageSource}) rather than a message source of its own,
 * so that a page and a card share their words and their languages.
 */
@Configuration(proxyBeanMethods = false)
public class PageTemplateConfiguration {

    @Bean
    public SpringTemplateEngine templateEngine(ITemplateResolver defaultTemplateResolver, ThymeleafProperties properties,
            CardMessages messages) {
        var engine = new SpringTemplateEngine();
        engine.setTemplateResolver(defaultTemplateResolver);
        engine.setEnableSpringELCompiler(properties.isEnableSpringElCompiler());
        engine.setTemplateEngineMessageSource(new BundleMessageSource(messages));
        return engine;
    }
}
