package org.inocds.cdshooks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.inocds.rules.Hook;

/** One entry of the discovery response (CDS Hooks 2.0 "Discovery"). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CdsServiceDefinition(
        @JsonIgnore Hook hookType,
        String id,
        String title,
        String description,
        String usageRequirements,
        Map<String, String> prefetch) {

    @JsonProperty("hook")
    public String hook() {
        return hookType.code();
    }
}
