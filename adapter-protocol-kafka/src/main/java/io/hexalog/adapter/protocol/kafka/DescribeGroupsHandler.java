package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeGroups: state, protocol, and members with their metadata and assignment. A group that does not
 * exist is described as Dead before version 6 and answered with GROUP_ID_NOT_FOUND from 6 (KIP-1043).
 * Without an authorizer every group operation is allowed.
 */
final class DescribeGroupsHandler extends AbstractApiHandler<DescribeGroupsRequestData, DescribeGroupsResponseData> {

    private static final short FIRST_VERSION_WITH_GROUP_ID_NOT_FOUND = 6;
    /** READ (3), DELETE (6) and DESCRIBE (8): what a group resource supports. */
    private static final int ALL_GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);

    private final DescribeGroupsQuery groups;

    DescribeGroupsHandler(DescribeGroupsQuery groups) {
        super(ApiKeys.DESCRIBE_GROUPS, 0, 6);
        this.groups = groups;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponseData> handle(RequestContext context, DescribeGroupsRequestData request) {
        List<CompletableFuture<DescribedGroup>> described = request.groups().stream()
                .map(groupId -> describe(groupId, context.apiVersion(), request.includeAuthorizedOperations()))
                .toList();
        return Futures.all(described).thenApply(done -> {
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            described.forEach(group -> response.groups().add(group.join()));
            return response;
        });
    }

    private CompletableFuture<DescribedGroup> describe(String groupId, short version, boolean withOperations) {
        DescribedGroup described = new DescribedGroup().setGroupId(groupId).setProtocolType("").setProtocolData("");
        return Futures.attempt(() -> groups.describeGroup(GroupId.of(groupId)))
                .handle((found, failure) -> failure != null
                        ? described.setErrorCode(ErrorMapping.toError(failure).code())
                                .setGroupState(GroupStateNames.toWire(GroupState.DEAD))
                        : answer(described, found, version, withOperations));
    }

    private static DescribedGroup answer(DescribedGroup described, Optional<GroupDescription> found, short version,
                                         boolean withOperations) {
        String groupId = described.groupId();
        if (found.isEmpty()) {
            described.setGroupState(GroupStateNames.toWire(GroupState.DEAD));
            return version >= FIRST_VERSION_WITH_GROUP_ID_NOT_FOUND
                    ? described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                            .setErrorMessage("Group " + groupId + " not found.")
                    : described;
        }
        GroupDescription group = found.get();
        described.setGroupState(GroupStateNames.toWire(group.state()))
                .setProtocolType(group.protocolType().orElse(""))
                .setProtocolData(group.selectedProtocol().orElse(""));
        if (withOperations) {
            described.setAuthorizedOperations(ALL_GROUP_OPERATIONS);
        }
        group.members().forEach(member -> described.members().add(new DescribedGroupMember()
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.groupInstanceId().orElse(null))
                .setClientId(member.clientId())
                .setClientHost(member.clientHost())
                .setMemberMetadata(member.metadata())
                .setMemberAssignment(member.assignment())));
        return described;
    }
}
