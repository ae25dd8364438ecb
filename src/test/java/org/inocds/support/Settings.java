package org.inocds.support;

import java.util.Map;
import org.inocds.config.CoreConfiguration;
import org.inocds.rules.RuleSettings;
import org.inocds.settings.InocdsProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The rules' settings as the service makes them, from the defaults written in InocdsProperties (the one source). */
public final class Settings {

    private Settings() {}

    public static InocdsProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("inocds", InocdsProperties.class);
    }

    public static RuleSettings defaults() {
        return CoreConfiguration.ruleSettingsOf(properties(Map.of()));
    }
}
