package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * SyncGroup: {@code group=billing gen=1 member=consumer-1-5f2a assignments=2 | <- NONE protocol=range
 * assignment_bytes=38}. Only the leader sends assignments; they show as a count, the answer as its size.
 */
final class SyncGroupSummary implements ApiSummary<SyncGroupRequestData, SyncGroupResponseData> {

    @Override
    public void request(SyncGroupRequestData request, short version, TraceText text) {
        text.field("group", request.groupId())
                .field("gen", request.generationId())
                .field("member", request.memberId());
        if (request.groupInstanceId() != null) {
            text.field("instance", request.groupInstanceId());
        }
        text.field("assignments", request.assignments().size());
    }

    @Override
    public void response(SyncGroupResponseData response, short version, TraceText text) {
        text.error(response.errorCode());
        if (response.protocolName() != null) {
            text.field("protocol", response.protocolName());
        }
        text.field("assignment_bytes", response.assignment() == null ? 0 : response.assignment().length);
    }
}
