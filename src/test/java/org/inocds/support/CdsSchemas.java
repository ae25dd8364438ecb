package org.inocds.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/** The project's JSON Schemas of CDS Hooks 2.0 (src/test/resources/schema), loaded once. */
public final class CdsSchemas {

    private static final String BASE = "http://inocds.org/schema/cds-hooks-2.0/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix(BASE, "classpath:schema/")));

    public static final JsonSchema DISCOVERY = load("discovery");
    public static final JsonSchema RESPONSE = load("response");
    public static final JsonSchema FEEDBACK = load("feedback");

    private CdsSchemas() {}

    private static JsonSchema load(String name) {
        return FACTORY.getSchema(SchemaLocation.of(BASE + name + ".schema.json"));
    }

    /** Fails with every violation listed. */
    public static void assertValid(JsonSchema schema, JsonNode json) {
        Set<ValidationMessage> errors = schema.validate(json);
        if (!errors.isEmpty()) {
            throw new AssertionError("JSON does not match " + schema.getSchemaLocation() + ": " + errors + "\n" + json.toPrettyString());
        }
    }

    public static Set<ValidationMessage> violations(JsonSchema schema, JsonNode json) {
        return schema.validate(json);
    }
}
