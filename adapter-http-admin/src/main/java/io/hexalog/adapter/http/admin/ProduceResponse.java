package io.hexalog.adapter.http.admin;

import java.time.Instant;

/**
 * Where a produced record landed, Confluent's {@code ProduceResponse}: {@code error_code} 200, its partition,
 * offset and timestamp, and the type and size of its key and value (null where it has none).
 */
record ProduceResponse(int errorCode, String clusterId, String topicName, int partitionId, long offset,
                       String timestamp, Size key, Size value) {

    static ProduceResponse of(String clusterId, String topicName, RecordProducer.Produced produced) {
        return new ProduceResponse(200, clusterId, topicName, produced.partition(), produced.offset(),
                Instant.ofEpochMilli(produced.timestamp()).toString(),
                Size.of(produced.keyType(), produced.keySize()), Size.of(produced.valueType(), produced.valueSize()));
    }

    /** The type a key or value was given as, and its size in bytes. */
    record Size(String type, long size) {

        static Size of(String type, int size) {
            return size < 0 ? null : new Size(type, size);
        }
    }
}
