package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;

/**
 * Fetch: {@code max_wait=500ms min_bytes=1 max_bytes=52428800 orders[0]@42 | <- orders[0] NONE hw=50 lso=50
 * log_start=0 bytes=8123}: the offset each partition is fetched from, and the size of the batches returned.
 * A fetch session (KIP-227) shows as {@code session=ID/epoch}.
 */
final class FetchSummary implements ApiSummary<FetchRequestData, FetchResponseData> {

    private static final byte READ_COMMITTED = 1;

    @Override
    public void request(FetchRequestData request, short version, TraceText text) {
        text.add("max_wait=" + request.maxWaitMs() + "ms").field("min_bytes", request.minBytes())
                .field("max_bytes", request.maxBytes());
        if (request.isolationLevel() == READ_COMMITTED) {
            text.add("read_committed");
        }
        if (request.sessionId() != FetchMetadata.INVALID_SESSION_ID
                || request.sessionEpoch() != FetchMetadata.FINAL_EPOCH) {
            text.add("session=" + request.sessionId() + "/" + request.sessionEpoch());
        }
        request.topics().forEach(topic -> topic.partitions().forEach(partition -> text
                .add(text.partition(topic.topic(), topic.topicId(), partition.partition()) + "@"
                        + partition.fetchOffset())));
        int forgotten = request.forgottenTopicsData().stream().mapToInt(topic -> topic.partitions().size()).sum();
        if (forgotten > 0) {
            text.field("forgotten", forgotten);
        }
    }

    @Override
    public void response(FetchResponseData response, short version, TraceText text) {
        text.errorIfAny(response.errorCode());
        if (response.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
            text.field("session", response.sessionId());
        }
        response.responses().forEach(topic -> topic.partitions().forEach(partition -> {
            text.add(text.partition(topic.topic(), topic.topicId(), partition.partitionIndex()))
                    .error(partition.errorCode());
            if (partition.errorCode() == Errors.NONE.code()) {
                text.field("hw", partition.highWatermark())
                        .field("lso", partition.lastStableOffset())
                        .field("log_start", partition.logStartOffset())
                        .field("bytes", partition.records() == null ? 0 : partition.records().sizeInBytes());
            }
        }));
    }
}
