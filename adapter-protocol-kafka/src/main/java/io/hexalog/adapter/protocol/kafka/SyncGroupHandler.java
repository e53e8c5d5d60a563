package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.group.SyncResult;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** SyncGroup: parked until the leader brings the generation's assignments; then each member gets its own. */
final class SyncGroupHandler extends AbstractApiHandler<SyncGroupRequestData, SyncGroupResponseData> {

    private final GroupMembershipUseCase membership;

    SyncGroupHandler(GroupMembershipUseCase membership) {
        super(ApiKeys.SYNC_GROUP, 0, 5);
        this.membership = membership;
    }

    @Override
    public CompletableFuture<SyncGroupResponseData> handle(RequestContext context, SyncGroupRequestData request) {
        CompletableFuture<SyncResult> synced;
        try {
            Map<String, byte[]> assignments = new HashMap<>();
            request.assignments().forEach(assignment -> assignments.put(assignment.memberId(), assignment.assignment()));
            synced = membership.syncGroup(GroupId.of(request.groupId()), new SyncRequest(request.memberId(),
                    Optional.ofNullable(request.groupInstanceId()), request.generationId(),
                    Optional.ofNullable(request.protocolType()), Optional.ofNullable(request.protocolName()),
                    assignments));
        } catch (RuntimeException e) {
            synced = CompletableFuture.failedFuture(e);
        }
        return synced.handle((result, failure) -> failure == null
                ? new SyncGroupResponseData()
                        .setProtocolType(result.protocolType().orElse(null))
                        .setProtocolName(result.protocolName().orElse(null))
                        .setAssignment(result.assignment())
                : new SyncGroupResponseData()
                        .setErrorCode(ErrorMapping.toError(failure).code())
                        .setAssignment(new byte[0]));
    }
}
