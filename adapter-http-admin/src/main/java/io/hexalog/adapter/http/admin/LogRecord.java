package io.hexalog.adapter.http.admin;

import java.util.List;
import java.util.Objects;

/**
 * One record of a partition's log as a person browsing it sees it: where it is, when it was made, and its
 * bytes. Keys, values and header values may be null, as in Kafka.
 *
 * @param timestamp the timestamp a consumer sees: the record's own in a CreateTime batch, the batch's append
 *                  time in a LogAppendTime batch
 */
record LogRecord(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {

    LogRecord {
        headers = List.copyOf(headers);
    }

    /** A record header: a name and a value, which may be null. */
    record Header(String key, byte[] value) {

        Header {
            Objects.requireNonNull(key, "key");
        }
    }
}
