package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;

/**
 * JoinGroup: {@code group=billing member="" session=45000ms rebalance=300000ms protocol_type=consumer
 * protocols=range,cooperative-sticky | <- NONE gen=1 member=consumer-1-5f2a leader=consumer-1-5f2a
 * protocol=range members=1}. A new member's first join answers MEMBER_ID_REQUIRED with its ID (KIP-394).
 */
final class JoinGroupSummary implements ApiSummary<JoinGroupRequestData, JoinGroupResponseData> {

    @Override
    public void request(JoinGroupRequestData request, short version, TraceText text) {
        text.field("group", request.groupId()).field("member", request.memberId());
        if (request.groupInstanceId() != null) {
            text.field("instance", request.groupInstanceId());
        }
        text.add("session=" + request.sessionTimeoutMs() + "ms")
                .add("rebalance=" + request.rebalanceTimeoutMs() + "ms")
                .field("protocol_type", request.protocolType())
                .list("protocols", request.protocols().stream().map(protocol -> protocol.name()).toList());
    }

    @Override
    public void response(JoinGroupResponseData response, short version, TraceText text) {
        text.error(response.errorCode())
                .field("gen", response.generationId())
                .field("member", response.memberId())
                .field("leader", response.leader())
                .field("protocol", response.protocolName())
                .field("members", response.members().size());
        if (response.skipAssignment()) {
            text.add("skip_assignment");
        }
    }
}
