package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Produce: {@code acks=-1 timeout=30000ms orders[0] bytes=120 | <- orders[0] NONE base=42 log_start=0}.
 * A partition's records show as the size of their batches only.
 */
final class ProduceSummary implements ApiSummary<ProduceRequestData, ProduceResponseData> {

    @Override
    public void request(ProduceRequestData request, short version, TraceText text) {
        text.field("acks", request.acks()).add("timeout=" + request.timeoutMs() + "ms");
        if (request.transactionalId() != null) {
            text.field("txn", request.transactionalId());
        }
        request.topicData().forEach(topic -> topic.partitionData().forEach(partition -> text
                .add(text.partition(topic.name(), topic.topicId(), partition.index()))
                .field("bytes", partition.records() == null ? 0 : partition.records().sizeInBytes())));
    }

    @Override
    public void response(ProduceResponseData response, short version, TraceText text) {
        response.responses().forEach(topic -> topic.partitionResponses().forEach(partition -> {
            text.add(text.partition(topic.name(), topic.topicId(), partition.index())).error(partition.errorCode());
            if (partition.errorCode() == Errors.NONE.code()) {
                text.field("base", partition.baseOffset()).field("log_start", partition.logStartOffset());
                if (partition.logAppendTimeMs() != RecordBatch.NO_TIMESTAMP) {
                    text.field("append_time", partition.logAppendTimeMs());
                }
            }
        }));
    }
}
