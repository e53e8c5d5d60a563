package io.hexalog.adapter.protocol.kafka;

import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;

/**
 * LeaveGroup: {@code group=billing member=consumer-1-5f2a | <- NONE}. From version 3 several members leave
 * at once (KIP-345), each answered with its own error.
 */
final class LeaveGroupSummary implements ApiSummary<LeaveGroupRequestData, LeaveGroupResponseData> {

    @Override
    public void request(LeaveGroupRequestData request, short version, TraceText text) {
        text.field("group", request.groupId());
        if (request.members().isEmpty()) {
            text.field("member", request.memberId());
        } else {
            text.list("members", request.members().stream().map(member -> member.memberId()).toList());
        }
    }

    @Override
    public void response(LeaveGroupResponseData response, short version, TraceText text) {
        text.error(response.errorCode());
        response.members().forEach(member -> text.add(TraceText.shown(member.memberId())).error(member.errorCode()));
    }
}
