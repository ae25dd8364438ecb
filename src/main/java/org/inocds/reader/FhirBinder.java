package org.inocds.reader;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.JsonParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;

/**
 * The one way a FHIR resource is read: HAPI's parser binds it into HAPI's model straight from the request's Jackson tree
 * (no second parse of the text), leniently — an unknown element is dropped, as is a null or an empty value, which FHIR
 * JSON forbids. Used by the record reader and by the suggestions that edit the EHR's own draft order in the model.
 */
public final class FhirBinder {

    /** HAPI parsers are cheap but not shared across threads; one per thread, made once. */
    private final ThreadLocal<IParser> parser;

    /** Lenient: what HAPI can make sense of is read (the record reader). */
    public FhirBinder(FhirContext fhir) {
        this(fhir, false);
    }

    private FhirBinder(FhirContext fhir, boolean refuseWrongTypes) {
        this.parser = ThreadLocal.withInitial(() -> fhir.newJsonParser().setParserErrorHandler(refuseWrongTypes
                ? new WrongTypeRefused() : new LenientErrorHandler(false)));
    }

    /**
     * As lenient, but a resource with an element of the wrong JSON type (an object where FHIR has a list, a string or a
     * number where it has an object) is refused rather than guessed at: an edit of the EHR's own order writes back only
     * an order read as written (the dose suggestion).
     */
    public static FhirBinder forEditing(FhirContext fhir) {
        return new FhirBinder(fhir, true);
    }

    private static final class WrongTypeRefused extends LenientErrorHandler {
        WrongTypeRefused() {
            super(false);
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName, BaseJsonLikeValue.ValueType expected,
                BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                BaseJsonLikeValue.ScalarType foundScalar) {
            throw new DataFormatException("element " + elementName + ": " + found + " where FHIR has " + expected);
        }
    }

    /** The resource in HAPI's model; empty when HAPI cannot read it. The tree is not changed. */
    public Optional<Resource> bind(ObjectNode node) {
        return bind(node, Resource.class);
    }

    /** The resource in HAPI's model as {@code type}; empty when HAPI cannot read it or it is another type. */
    public <T extends Resource> Optional<T> bind(ObjectNode node, Class<T> type) {
        try {
            var structure = new JacksonStructure();
            structure.setNativeObject(node);
            var resource = ((JsonParser) parser.get()).parseResource(structure);
            return type.isInstance(resource) ? Optional.of(type.cast(resource)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
