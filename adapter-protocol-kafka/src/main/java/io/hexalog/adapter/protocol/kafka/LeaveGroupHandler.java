package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.LeaveResult;
import io.hexalog.domain.group.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * LeaveGroup: one member before version 3; from version 3 a batch of members, each by member ID or, for a
 * static member removed by an operator, by group instance ID (KIP-345), each answered with its own error.
 */
final class LeaveGroupHandler extends AbstractApiHandler<LeaveGroupRequestData, LeaveGroupResponseData> {

    private static final short FIRST_BATCHED_VERSION = 3;

    private final GroupMembershipUseCase membership;

    LeaveGroupHandler(GroupMembershipUseCase membership) {
        super(ApiKeys.LEAVE_GROUP, 0, 5);
        this.membership = membership;
    }

    @Override
    public CompletableFuture<LeaveGroupResponseData> handle(RequestContext context, LeaveGroupRequestData request) {
        boolean batched = context.apiVersion() >= FIRST_BATCHED_VERSION;
        List<MemberIdentity> leaving = new ArrayList<>();
        if (batched) {
            request.members().forEach(member -> leaving.add(
                    new MemberIdentity(member.memberId(), Optional.ofNullable(member.groupInstanceId()))));
        } else {
            leaving.add(MemberIdentity.dynamic(request.memberId()));
        }
        CompletableFuture<List<LeaveResult>> left;
        try {
            left = membership.leaveGroup(GroupId.of(request.groupId()), leaving);
        } catch (RuntimeException e) {
            left = CompletableFuture.failedFuture(e);
        }
        return left.handle((results, failure) -> failure == null
                ? answered(results, batched) : failed(failure, leaving, batched));
    }

    private static LeaveGroupResponseData answered(List<LeaveResult> results, boolean batched) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        if (batched) {
            results.forEach(result -> response.members().add(answer(result.member(), error(result))));
        } else {
            response.setErrorCode(error(results.get(0)).code());
        }
        return response;
    }

    private static LeaveGroupResponseData failed(Throwable failure, List<MemberIdentity> leaving, boolean batched) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        Errors error = ErrorMapping.toError(failure);
        if (batched && error == Errors.UNKNOWN_MEMBER_ID) {
            // The group does not exist: as in Kafka, each member is unknown rather than the request failing.
            leaving.forEach(member -> response.members().add(answer(member, error)));
        } else {
            response.setErrorCode(error.code());
        }
        return response;
    }

    private static MemberResponse answer(MemberIdentity member, Errors error) {
        return new MemberResponse()
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.groupInstanceId().orElse(null))
                .setErrorCode(error.code());
    }

    private static Errors error(LeaveResult result) {
        return result.error().map(ErrorMapping::toError).orElse(Errors.NONE);
    }
}
