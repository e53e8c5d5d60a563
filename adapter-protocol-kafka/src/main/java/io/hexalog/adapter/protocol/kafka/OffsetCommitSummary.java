package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;

/** OffsetCommit: {@code group=billing gen=3 member=consumer-1-5f2a orders[0]=42 | <- orders[0] NONE}. */
final class OffsetCommitSummary implements ApiSummary<OffsetCommitRequestData, OffsetCommitResponseData> {

    @Override
    public void request(OffsetCommitRequestData request, short version, TraceText text) {
        text.field("group", request.groupId())
                .field("gen", request.generationIdOrMemberEpoch())
                .field("member", request.memberId());
        if (request.groupInstanceId() != null) {
            text.field("instance", request.groupInstanceId());
        }
        request.topics().forEach(topic -> topic.partitions().forEach(partition -> text
                .add(text.partition(topic.name(), topic.topicId(), partition.partitionIndex()) + "="
                        + partition.committedOffset())));
    }

    @Override
    public void response(OffsetCommitResponseData response, short version, TraceText text) {
        response.topics().forEach(topic -> topic.partitions().forEach(partition -> text
                .add(text.partition(topic.name(), topic.topicId(), partition.partitionIndex()))
                .error(partition.errorCode())));
    }
}
