package org.inocds.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.inocds.record.Analyte;

/**
 * One threshold or window a rule family compares with, with the value in force: declared by the family next to the
 * comparison it makes ({@link Rule#thresholds(RuleSettings)}), read from the same constant or setting the comparison reads,
 * so that the rule pages ({@code /rules}, {@code /rules/{id}}) show what the rule really does at this site. Its words are in
 * the message bundles under {@code rule-page.threshold.<name>}, its unit under {@code rule-page.unit.<unit>}.
 *
 * @param rules the rules that compare with it
 * @param name its key in the bundles
 * @param value the value in force: a number ({@code Long} counts are written grouped), a switch ({@code Boolean}) or a word
 * @param unit how the value is written
 * @param origin where the value comes from: the label, the service's own choice, or a setting
 * @param setting the setting that sets it ({@code inocds.…}), for {@link Origin#SETTING}
 */
public record Threshold(List<RuleId> rules, String name, Object value, Unit unit, Origin origin, Optional<String> setting) {

    public Threshold {
        rules = List.copyOf(rules);
    }

    /** A figure of the label, fixed in the code. */
    public static Threshold label(String name, Object value, Unit unit, RuleId... rules) {
        return new Threshold(List.of(rules), name, value, unit, Origin.LABEL, Optional.empty());
    }

    /** A figure the service chose where the label is silent, fixed in the code (the label digest says why). */
    public static Threshold service(String name, Object value, Unit unit, RuleId... rules) {
        return new Threshold(List.of(rules), name, value, unit, Origin.SERVICE, Optional.empty());
    }

    /** A site's setting, with the value in force. */
    public static Threshold setting(String setting, String name, Object value, Unit unit, RuleId... rules) {
        return new Threshold(List.of(rules), name, value, unit, Origin.SETTING, Optional.of(setting));
    }

    /**
     * The site's upper limits of normal for these analytes ({@code inocds.upper-limits.*}, mapped to the rules' view in
     * {@code config/CoreConfiguration}), used when a result carries no range of its own: per sex where they differ.
     */
    public static List<Threshold> siteUpperLimits(RuleSettings settings, List<Analyte> analytes, RuleId... rules) {
        List<Threshold> all = new ArrayList<>();
        for (Analyte a : analytes) {
            settings.defaultUpperLimit(a).ifPresent(uln -> {
                String name = "uln." + a.name().toLowerCase(Locale.ROOT).replace('_', '-');
                Unit unit = a.unit().equals("mg/dL") ? Unit.MG_PER_DL : Unit.U_PER_L;
                String setting = "inocds.upper-limits." + ULN_SETTINGS.get(a);
                if (setting.contains("{sex}")) {
                    all.add(setting(setting.replace("{sex}", "male"), name + ".male", uln.male(), unit, rules));
                    all.add(setting(setting.replace("{sex}", "female"), name + ".female", uln.female(), unit, rules));
                } else {
                    all.add(setting(setting, name, uln.male(), unit, rules));
                }
            });
        }
        return all;
    }

    /** The settings of the site's upper limits, as {@code config/CoreConfiguration} maps them ({sex}: per sex). */
    private static final Map<Analyte, String> ULN_SETTINGS = Map.of(Analyte.BILIRUBIN_TOTAL, "bilirubin-mg-per-dl",
            Analyte.AST, "ast-u-per-l", Analyte.ALT, "alt-{sex}-u-per-l", Analyte.LIPASE, "lipase-u-per-l",
            Analyte.AMYLASE, "amylase-u-per-l");

    public boolean appliesTo(RuleId rule) {
        return rules.contains(rule);
    }

    /** Where a value comes from. */
    public enum Origin { LABEL, SERVICE, SETTING }

    /** How a value is written ({@code rule-page.unit.<name in lower case>}). */
    public enum Unit {
        PER_MICROLITRE, TIMES_ULN, PERCENT, PLUS_OR_MINUS_PERCENT, FACTOR, DAYS, YEARS, MG_PER_M2, MG, ML, MG_PER_ML, MS,
        MINUTES, CYCLE, DOSES, GRADE, AGENTS, MG_PER_DL, U_PER_L, SWITCH, WORD
    }
}
