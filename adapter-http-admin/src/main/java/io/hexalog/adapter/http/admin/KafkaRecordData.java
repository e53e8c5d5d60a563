package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Base64;
import java.util.List;

/**
 * A stored record as the message browser shows it, {@code KafkaRecord}: its offset, timestamp (milliseconds
 * since the epoch), key and value as {@link RecordContent}, and headers with base64 values.
 */
record KafkaRecordData(String kind, String clusterId, String topicName, int partitionId, long offset,
                       long timestamp, RecordContent key, RecordContent value,
                       List<ProduceRecordRequest.HeaderData> headers) {

    static KafkaRecordData of(String clusterId, String topicName, int partition, LogRecord record, ObjectMapper json) {
        return new KafkaRecordData("KafkaRecord", clusterId, topicName, partition, record.offset(), record.timestamp(),
                RecordContent.of(record.key(), json), RecordContent.of(record.value(), json),
                record.headers().stream()
                        .map(header -> new ProduceRecordRequest.HeaderData(header.key(),
                                header.value() == null ? null : Base64.getEncoder().encodeToString(header.value())))
                        .toList());
    }
}
