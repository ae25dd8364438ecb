package org.inocds.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * {@code /}: a small demo EHR (docs/design.md "Embedded FHIR sandbox and demo") — pick a sandbox patient and a
 * hook, edit the draft order, call the service, see the cards, apply suggestions, open the timeline. Plain
 * HTML (template {@code sandbox/demo.html}) and JavaScript, no front-end build; served only while the sandbox runs.
 */
@RestController
@ConditionalOnProperty(name = "inocds.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public class DemoPage {

    private final String script;
    private final Clock clock;
    private final ITemplateEngine templates;

    public DemoPage(Clock clock, ITemplateEngine templates) throws IOException {
        this.clock = clock;
        this.templates = templates;
        this.script = new ClassPathResource("sandbox/demo.js").getContentAsString(StandardCharsets.UTF_8);
    }

    /** The page's script, served apart so that the Content-Security-Policy can forbid inline scripts. */
    @GetMapping(value = "/demo.js", produces = "text/javascript")
    public ResponseEntity<String> script() {
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8)).body(script);
    }

    /**
     * The page, told the service's time: the demo EHR stamps its feedback on that clock (the service takes an outcome
     * only between the card's issue and its own now, within a skew), as an EHR's clock and the service's agree in use.
     */
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page() {
        String html = templates.process("sandbox/demo", new Context(Locale.ENGLISH, Map.of("now", clock.instant().toString())));
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }
}
