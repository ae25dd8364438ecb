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

    /**
     * Heap a JSON element (a token: each {@code {}, {@code }}, {@code [}, {@code ]}, name and value) may take once read:
     * as the Jackson tree, plus the HAPI resource bound from it. A byte of ordinary FHIR JSON becomes about eight bytes,
     * but a {@code {}}-dense document becomes a hundred (issue 22: 1.5 million empty extensions in 4.6 MB became 1.5
     * million Extension objects and ran a 460 MB heap out). Measured by {@code reader/JsonElementCostTest} (the heap in
     * use after full collections, trees and resources held) on the densest shapes found: 111 bytes an element for empty
     * extensions ({@code [{},{},…]}, 74 bytes a byte), 98 for {@code [{"id":"a"},…]}, 96 for extensions with only a url,
     * 85 for empty names, 58 for empty strings or zeros; rounded up. Ordinary FHIR JSON has about 10 bytes an element.
     */
    public static final int HEAP_PER_ELEMENT = 128;

    /** The heap a document of {@code bytes} and {@code elements} becomes: the larger of eight bytes a byte and {@link #HEAP_PER_ELEMENT}. */
    public static long heapOf(long bytes, long elements) {
        return Math.max(bytes * HEAP_PER_BYTE, elements * HEAP_PER_ELEMENT);
    }

    /** Heap a byte of ordinary FHIR JSON takes once read (tree, resources, record: docs/performance.md). */
    public static final int HEAP_PER_BYTE = 8;

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
    private final long maxElements;

    /** Without a bound on the elements: for data the service wrote itself, and tests. */
    public BoundedJson(int maxNesting) {
        this(maxNesting, Long.MAX_VALUE);
    }

    /**
     * @param maxElements JSON elements one document may hold ({@code inocds.limits.max-json-elements}); more are refused by
     *     {@link #count} before anything is built from them
     */
    public BoundedJson(int maxNesting, long maxElements) {
        this.maxElements = maxElements;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxNesting)
                        // the count's own bound, kept by the tree's reading too (0: none)
                        .maxTokenCount(maxElements >= Long.MAX_VALUE - 1 ? 0 : maxElements + 1).build())
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

    /** Thrown by {@link #count} for a document of more elements than one may hold. */
    public static final class TooManyElements extends Exception {
        TooManyElements(String message) {
            super(message);
        }
    }

    /**
     * The document's JSON elements (tokens), counted by streaming — nothing is built, so this costs only the reading —
     * before {@link #read} builds the tree and HAPI binds resources from it: the budgets are charged by what a document
     * becomes ({@link #heapOf}), not only by its bytes. A document of more than {@code maxElements} is refused as soon as
     * the count passes it. Malformed JSON is left to {@link #read} to name.
     */
    public long count(byte[] body, String what) throws TooManyElements {
        long n = 0;
        try (JsonParser p = factory.createParser(body)) {
            while (p.nextToken() != null) {
                if (++n > maxElements) {
                    throw new TooManyElements(what + " holds more than " + maxElements + " JSON elements");
                }
            }
        } catch (IOException e) {
            // malformed or beyond another limit: read() refuses it in its own words
        }
        return n;
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
                    : m.contains("Token count") ? what + " holds more than " + maxElements + " JSON elements"
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
