package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets: {@code orders[0]@latest | <- orders[0] NONE offset=42}; a lookup by time shows as
 * {@code orders[0]@time=1700000000000}.
 */
final class ListOffsetsSummary implements ApiSummary<ListOffsetsRequestData, ListOffsetsResponseData> {

    private static final byte READ_COMMITTED = 1;

    @Override
    public void request(ListOffsetsRequestData request, short version, TraceText text) {
        if (request.isolationLevel() == READ_COMMITTED) {
            text.add("read_committed");
        }
        request.topics().forEach(topic -> topic.partitions().forEach(partition -> text
                .add(text.partition(topic.name(), null, partition.partitionIndex()) + "@"
                        + spec(partition.timestamp()))));
    }

    @Override
    public void response(ListOffsetsResponseData response, short version, TraceText text) {
        response.topics().forEach(topic -> topic.partitions().forEach(partition -> {
            text.add(text.partition(topic.name(), null, partition.partitionIndex())).error(partition.errorCode());
            if (partition.errorCode() == Errors.NONE.code()) {
                text.field("offset", partition.offset());
                if (partition.timestamp() != RecordBatch.NO_TIMESTAMP) {
                    text.field("timestamp", partition.timestamp());
                }
            }
        }));
    }

    private static String spec(long timestamp) {
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return "latest";
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
            return "earliest";
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return "max_timestamp";
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return "earliest_local";
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
            return "latest_tiered";
        }
        if (timestamp == ListOffsetsRequest.EARLIEST_PENDING_UPLOAD_TIMESTAMP) {
            return "earliest_pending_upload";
        }
        return "time=" + timestamp;
    }
}
