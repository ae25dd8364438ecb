package org.inocds.reader;

/**
 * The value[x] of an Observation, of the kinds the reader reads: a quantity (a result), a coded concept, text or a
 * yes/no (a qualitative result such as CD22 or a pregnancy test). Any other kind is read as no value.
 */
sealed interface ObservedValue permits ObservedQuantity, CodedConcept, ObservedValue.Text, ObservedValue.Flag {

    /** valueString. */
    record Text(String value) implements ObservedValue {}

    /** valueBoolean; null when the resource gives only an extension. */
    record Flag(Boolean value) implements ObservedValue {}
}
