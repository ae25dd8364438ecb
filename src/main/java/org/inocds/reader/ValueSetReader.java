package org.inocds.reader;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.ValueSet;
import org.inocds.knowledge.CodeSet;
import org.inocds.knowledge.CodeSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Reads the knowledge folders' ValueSets ({@code inocds.knowledge.locations}) with HAPI into the plain code sets of
 * {@code knowledge}: each include's codes, their designations, and its prefix filters.
 */
public final class ValueSetReader {

    /**
     * A prefix filter is written as {@code filter: [{property: "code", op: "regex", value: "^3B035.*"}]}; a dot
     * inside the prefix is escaped ({@code ^C91\.0.*}) so that the regex means what the prefix means.
     */
    private static final Pattern PREFIX_REGEX =
            Pattern.compile("\\^((?:[A-Za-z0-9\\-]|\\\\\\.)+)\\.\\*");

    private static final Logger log = LoggerFactory.getLogger(ValueSetReader.class);

    private ValueSetReader() {}

    /** Code sets from these resource patterns ({@code inocds.knowledge.locations}; the bean is made in CoreConfiguration). */
    public static CodeSets codeSets(FhirContext fhir, List<String> locations) throws IOException {
        return new CodeSets(load(fhir, locations));
    }

    private static Map<String, CodeSet> load(FhirContext fhir, List<String> locations) throws IOException {
        var resolver = new PathMatchingResourcePatternResolver();
        var parser = fhir.newJsonParser();
        Map<String, Set<String>> codes = new HashMap<>();
        Map<String, List<CodeSet.Prefix>> prefixes = new HashMap<>();
        Map<String, Set<String>> names = new HashMap<>();
        for (String location : locations) {
            for (Resource file : resolver.getResources(location)) {
                String json;
                try (InputStream in = file.getInputStream()) {
                    json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!json.contains("\"ValueSet\"")) {
                    continue;
                }
                var resource = parser.parseResource(json);
                if (!(resource instanceof ValueSet vs)) {
                    continue;
                }
                var into = codes.computeIfAbsent(vs.getUrl(), u -> new HashSet<>());
                var intoPrefixes = prefixes.computeIfAbsent(vs.getUrl(), u -> new ArrayList<>());
                var intoNames = names.computeIfAbsent(vs.getUrl(), u -> new HashSet<>());
                for (var include : vs.getCompose().getInclude()) {
                    include.getConcept().forEach(c -> into.add(include.getSystem() + "|" + c.getCode()));
                    include.getConcept().forEach(c -> c.getDesignation().forEach(d -> intoNames.add(d.getValue())));
                    for (var filter : include.getFilter()) {
                        var m = PREFIX_REGEX.matcher(filter.getValue());
                        if ("code".equals(filter.getProperty()) && m.matches()) {
                            intoPrefixes.add(new CodeSet.Prefix(include.getSystem(), m.group(1).replace("\\.", ".")));
                        }
                    }
                }
                log.info("code set {} loaded from {}", vs.getUrl(), file.getDescription());
            }
        }
        Map<String, CodeSet> result = new HashMap<>();
        codes.forEach((url, set) -> result.put(url, new CodeSet(url, set, prefixes.get(url), names.get(url))));
        return result;
    }
}
