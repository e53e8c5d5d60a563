package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.MemberIdentity;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Heartbeat: keeps a member's session alive, and tells it with REBALANCE_IN_PROGRESS to rejoin. */
final class HeartbeatHandler extends AbstractApiHandler<HeartbeatRequestData, HeartbeatResponseData> {

    private final GroupMembershipUseCase membership;

    HeartbeatHandler(GroupMembershipUseCase membership) {
        super(ApiKeys.HEARTBEAT, 0, 4);
        this.membership = membership;
    }

    @Override
    public CompletableFuture<HeartbeatResponseData> handle(RequestContext context, HeartbeatRequestData request) {
        HeartbeatResponseData response = new HeartbeatResponseData();
        try {
            membership.heartbeat(GroupId.of(request.groupId()),
                    new MemberIdentity(request.memberId(), Optional.ofNullable(request.groupInstanceId())),
                    request.generationId());
        } catch (HexalogException e) {
            response.setErrorCode(ErrorMapping.toError(e).code());
        }
        return CompletableFuture.completedFuture(response);
    }
}
