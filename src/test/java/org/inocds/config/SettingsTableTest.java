package org.inocds.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.inocds.rules.RuleSettings;
import org.inocds.settings.InocdsProperties;
import org.inocds.support.Settings;
import org.junit.jupiter.api.Test;

/**
 * One source for each default: every row of the settings table (docs/settings.md) whose defaults are literal values must
 * state exactly what InocdsProperties binds when nothing is set — read through Spring's own binding, so "5MB",
 * "60s" and "MOSTELLER" are compared as the service reads them.
 */
class SettingsTableTest {

    /** The settings table, moved out of the README to keep it short. */
    private static final Path TABLE = Path.of("docs/settings.md");

    private static final Pattern ROW = Pattern.compile("^\\| `(inocds\\.[^`]+)`((?: / `[^`]+`)*) \\| ((?:`[^`]*`(?: / )?)+) \\|.*$");
    private static final Pattern TICKED = Pattern.compile("`([^`]*)`");

    private static Object valueAt(Object root, String key) throws ReflectiveOperationException {
        Object current = root;
        for (String part : key.substring("inocds.".length()).split("\\.")) {
            String camel = Pattern.compile("-([a-z])").matcher(part).replaceAll(m -> m.group(1).toUpperCase(Locale.ROOT));
            RecordComponent component = null;
            for (RecordComponent c : current.getClass().getRecordComponents()) {
                if (c.getName().equals(camel)) {
                    component = c;
                }
            }
            assertThat(component).as(key + ": no setting " + camel + " in " + current.getClass().getSimpleName()).isNotNull();
            current = component.getAccessor().invoke(current);
        }
        return current;
    }

    @Test
    void everyLiteralDefaultInTheReadmeIsTheOneInInocdsProperties() throws Exception {
        InocdsProperties defaults = Settings.properties(Map.of());
        List<String> checked = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE)) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String first = row.group(1);
            List<String> keys = new ArrayList<>(List.of(first));
            Matcher more = TICKED.matcher(row.group(2));
            String prefix = first.substring(0, first.lastIndexOf('.') + 1);
            while (more.find()) {
                keys.add(prefix + more.group(1));
            }
            List<String> values = new ArrayList<>();
            Matcher v = TICKED.matcher(row.group(3));
            while (v.find()) {
                values.add(v.group(1));
            }
            assertThat(values).as(line).hasSameSizeAs(keys);
            for (int i = 0; i < keys.size(); i++) {
                Object stated = valueAt(Settings.properties(Map.of(keys.get(i), values.get(i))), keys.get(i));
                Object actual = valueAt(defaults, keys.get(i));
                assertThat(actual).as(keys.get(i) + " in docs/settings.md says " + values.get(i)).isEqualTo(stated);
                checked.add(keys.get(i));
            }
        }
        assertThat(checked).as("settings checked").hasSizeGreaterThan(40);
    }

    /** The premedication default is a list, so the table says it in words: each of its orders must be named there. */
    @Test
    void thePremedicationRowNamesTheDefaultSet() throws Exception {
        String row = Files.readAllLines(TABLE).stream().filter(l -> l.startsWith("| `inocds.premedication[n].*`")).findFirst()
                .orElseThrow();
        assertThat(Settings.properties(Map.of()).premedication()).hasSize(3).allSatisfy(item -> assertThat(row)
                .contains(item.display() + " " + item.dose().toPlainString() + " " + item.unit()));
        // a site's own set replaces the default whole
        var site = Settings.properties(Map.of("inocds.premedication[0].drug-class", "CORTICOSTEROID", "inocds.premedication[0].display",
                "dexamethasone", "inocds.premedication[0].dose", "6.6", "inocds.premedication[0].unit", "mg"));
        assertThat(site.premedication()).singleElement().satisfies(i -> assertThat(i.display()).isEqualTo("dexamethasone"));
    }

    /**
     * The rules' view of the settings mirrors the settings tree group by group — the same components, named and ordered
     * as there — and carries the values bound, defaults and a site's alike: the mapping cannot drop or swap a setting.
     */
    @Test
    void theRulesSeeEverySettingOfTheirGroupsAsBound() throws Exception {
        for (Map<String, String> site : List.of(Map.<String, String>of(), Map.of("inocds.dosing.weight-window-days", "21",
                "inocds.rules.lab-window-days", "5", "inocds.monitoring.elderly-age", "70", "inocds.rules.start-checklist", "false"))) {
            InocdsProperties properties = Settings.properties(site);
            RuleSettings view = CoreConfiguration.ruleSettingsOf(properties);
            for (String group : List.of("dosing", "rules", "monitoring")) {
                Record bound = (Record) InocdsProperties.class.getMethod(group).invoke(properties);
                Record seen = (Record) RuleSettings.class.getMethod(group).invoke(view);
                List<String> names = new ArrayList<>();
                for (RecordComponent c : bound.getClass().getRecordComponents()) {
                    names.add(c.getName());
                    assertThat(seen.getClass().getMethod(c.getName()).invoke(seen)).as(group + "." + c.getName() + " with " + site)
                            .isEqualTo(c.getAccessor().invoke(bound));
                }
                assertThat(seen.getClass().getRecordComponents()).extracting(RecordComponent::getName).containsExactlyElementsOf(names);
            }
        }
    }
}
