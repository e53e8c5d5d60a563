package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Produces a record from the API through {@link ProduceUseCase}, as a Kafka producer would: one uncompressed
 * v2 batch of one record, to the partition asked for or the one the Java producer would choose. Each record
 * this broker appended is counted in the topic's messages and bytes in, as the Kafka listener counts a Produce's;
 * one the partition's leader appended for it is counted by the leader, which took it as a Produce.
 */
final class RecordProducer {

    /** Told of the batches this producer appended; the broker's metrics count them. */
    @FunctionalInterface
    interface AppendedBatches {

        /** When no metrics are served. */
        AppendedBatches NONE = (topic, records, bytes) -> { };

        /** A batch of {@code records} records in {@code bytes} bytes was appended to a partition of {@code topic}. */
        void appended(String topic, int records, int bytes);
    }

    private final ProduceUseCase produce;
    private final Clock clock;
    private final AppendedBatches appended;
    private final DefaultPartitioner partitioner = new DefaultPartitioner();

    RecordProducer(ProduceUseCase produce, Clock clock, AppendedBatches appended) {
        this.produce = produce;
        this.clock = clock;
        this.appended = appended;
    }

    /**
     * Where a record landed.
     *
     * @param timestamp its CreateTime, or the broker's append time for a LogAppendTime topic
     * @param keySize   bytes of its key; -1 for none, as for the value
     */
    record Produced(int partition, long offset, long timestamp, String keyType, int keySize, String valueType,
                    int valueSize) {
    }

    /**
     * @throws IllegalArgumentException for a record the request describes wrongly (a bad type or base64, a bad
     *                                  timestamp); {@link ApiException} 404 for a partition the topic lacks
     */
    CompletableFuture<Produced> produce(Topic topic, ProduceRecordRequest request, ObjectMapper json) {
        byte[] key = request.key() == null ? null : request.key().toBytes(json, "key");
        byte[] value = request.value() == null ? null : request.value().toBytes(json, "value");
        List<LogRecord.Header> headers = request.headers().stream()
                .map(header -> new LogRecord.Header(header.name(), decodeHeader(header)))
                .toList();
        long timestamp = request.timestampMs().orElseGet(clock::millis);
        int partition = request.partitionId() != null ? request.partitionId()
                : partitioner.partition(key, topic.partitionCount());
        if (!topic.hasPartition(partition)) {
            throw new ApiException(404, ApiException.UNKNOWN_TOPIC_OR_PARTITION,
                    "This server does not host this topic-partition: topic " + topic.name().value()
                            + " has no partition " + partition + ".");
        }
        RecordBatch batch = RecordBatchWriter.write(List.of(new RecordBatchWriter.Entry(timestamp, key, value, headers)));
        return produce.append(new AppendRecordsCommand(topic.partition(partition), List.of(batch)))
                .thenApply(result -> {
                    if (!result.forwarded()) {
                        appended.appended(topic.name().value(), batch.recordCount(), batch.sizeInBytes());
                    }
                    return new Produced(partition, result.baseOffset(), result.logAppendTime().orElse(timestamp),
                            type(request.key(), key), size(key), type(request.value(), value), size(value));
                });
    }

    private static byte[] decodeHeader(ProduceRecordRequest.HeaderData header) {
        if (header.value() == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(header.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("headers[].value of " + header.name() + " is not valid base64");
        }
    }

    private static String type(RecordContent content, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return content.type() == null ? RecordContent.JSON : content.type();
    }

    private static int size(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }
}
