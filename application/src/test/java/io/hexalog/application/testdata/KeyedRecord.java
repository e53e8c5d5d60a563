package io.hexalog.application.testdata;

/**
 * One record of an uncompressed test batch.
 *
 * @param key   its key, bytes read as ISO-8859-1 so that any bytes survive; null for none
 * @param value its value; null for a tombstone
 */
public record KeyedRecord(long offset, long timestamp, String key, String value) {

    public boolean isTombstone() {
        return value == null;
    }
}
