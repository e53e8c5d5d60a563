package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;

/**
 * Heartbeat: {@code group=billing gen=1 member=consumer-1-5f2a | <- NONE}; REBALANCE_IN_PROGRESS tells the
 * member to join again.
 */
final class HeartbeatSummary implements ApiSummary<HeartbeatRequestData, HeartbeatResponseData> {

    @Override
    public void request(HeartbeatRequestData request, short version, TraceText text) {
        text.field("group", request.groupId())
                .field("gen", request.generationId())
                .field("member", request.memberId());
        if (request.groupInstanceId() != null) {
            text.field("instance", request.groupInstanceId());
        }
    }

    @Override
    public void response(HeartbeatResponseData response, short version, TraceText text) {
        text.error(response.errorCode());
    }
}
