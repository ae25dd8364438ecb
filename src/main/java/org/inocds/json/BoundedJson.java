package org.inocds.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads JSON that someone else wrote — a CDS client's request or a FHIR server's answer — within limits, into a
 * Jackson tree: nesting depth, number length (1,000 digits), decimal exponents within ±{@value #MAX_EXPONENT}
 * ({@code 1e999999999} is a valid JSON number whose arithmetic fills the heap), duplicate keys and trailing data
 * refused, UTF-8 only (JSON's own encoding, RFC 8259 §8.1: a UTF-16 or UTF-32 body is refused, not decoded).
 * Floats are read as {@link BigDecimal}, so dose and lab values stay exact.
 */
public final class BoundedJson {

    /** Exponents beyond this are no clinical value in any unit. */
    public static final int MAX_EXPONENT = 1000;

    /** Why a body was refused, in words for a 400 answer or a data-quality card. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private static final class OutOfRange extends RuntimeException {
        OutOfRange() {
            super(null, null, false, false);
        }
    }

    /** Refuses extreme decimals as the tree is built, so none ever reaches the code that computes with it. */
    private static final class ExponentGuard extends JsonNodeFactory {
        ExponentGuard() {
            super(true); // keep BigDecimal values exactly as written
        }

        @Override
        public ValueNode numberNode(BigDecimal v) {
            if (v != null && outOfRange(v)) {
                throw new OutOfRange();
            }
            return super.numberNode(v);
        }
    }

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public BoundedJson(int maxNesting) {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNesting).build())
                .build();
        // a repeated key is caught where the tree puts it (the map's previous value), not by a set of names kept for every
        // object as the parser's STRICT_DUPLICATE_DETECTION does: that cost 5 % of reading a long history
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(new ExponentGuard());
    }

    static boolean outOfRange(BigDecimal v) {
        if (v.signum() == 0) {
            return Math.abs((long) v.scale()) > MAX_EXPONENT * 10L; // 0e-99999999: harmless value, absurd scale
        }
        long exponent = (long) v.precision() - v.scale() - 1;
        return Math.abs(exponent) > MAX_EXPONENT;
    }

    /** @param what how the refusal names the body ("request", "FHIR response") */
    public JsonNode read(byte[] body, String what) throws Refused {
        if (notUtf8(body)) {
            throw new Refused(what + " is not UTF-8 (UTF-16 and UTF-32 are not accepted)");
        }
        try {
            return mapper.readTree(body);
        } catch (OutOfRange e) {
            throw new Refused(what + ": the number at " + firstOutOfRange(body) + " has an exponent beyond ±" + MAX_EXPONENT);
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage());
            throw new Refused(m.startsWith("Number") ? what + ": a number is longer than the 1,000 digits accepted"
                    : m.contains("nesting") || m.contains("Depth") ? what + " JSON nested too deeply"
                    : what + " exceeds a JSON limit");
        } catch (IOException e) {
            if (e.getCause() instanceof OutOfRange) {
                throw new Refused(what + ": the number at " + firstOutOfRange(body) + " has an exponent beyond ±" + MAX_EXPONENT);
            }
            if (e instanceof MismatchedInputException m && String.valueOf(m.getOriginalMessage()).startsWith("Duplicate field")) {
                // readers differ on which of the two values counts (a dose of 1.60 to one is 16.0 to another)
                throw new Refused(what + " repeats a key within one JSON object");
            }
            throw new Refused(what + " is not valid JSON");
        }
    }

    /** JSON text begins with ASCII; a NUL among the first four bytes, or a UTF-16 byte-order mark, means UTF-16/32. */
    private static boolean notUtf8(byte[] b) {
        if (b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))) {
            return true;
        }
        for (int i = 0; i < Math.min(4, b.length); i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The JSON Pointer of the first decimal out of range, for the 400 answer (a second, streaming pass). */
    private String firstOutOfRange(byte[] body) {
        try (JsonParser p = factory.createParser(body)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT && outOfRange(p.getDecimalValue())) {
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    return pointer.length() > 120 ? pointer.substring(0, 120) + "…" : pointer;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "(unknown field)";
    }
}
