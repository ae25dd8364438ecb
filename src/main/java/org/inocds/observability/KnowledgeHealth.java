package org.inocds.observability;

import org.inocds.knowledge.CodeSets;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness includes the knowledge load: a replica whose code sets are missing cannot recognise inotuzumab or a lab, and
 * must take no traffic. (The code sets are read at start and a broken folder stops the start; this tells a probe so.)
 */
@Component("knowledge")
public class KnowledgeHealth implements HealthIndicator {

    private final CodeSets codeSets;

    public KnowledgeHealth(CodeSets codeSets) {
        this.codeSets = codeSets;
    }

    @Override
    public Health health() {
        return codeSets.find(CodeSets.INOTUZUMAB).isPresent()
                ? Health.up().withDetail("valueSets", codeSets.size()).build()
                : Health.down().withDetail("missing", CodeSets.INOTUZUMAB).build();
    }
}
