package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupDescription;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupState;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
    private final Executor adminExecutor;

    DescribeGroupsHandler(DescribeGroupsQuery groups, Executor adminExecutor) {
        super(ApiKeys.DESCRIBE_GROUPS, 0, 6);
        this.groups = groups;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponseData> handle(RequestContext context, DescribeGroupsRequestData request) {
        return CompletableFuture.supplyAsync(() -> {
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            request.groups().forEach(groupId -> response.groups().add(
                    describe(groupId, context.apiVersion(), request.includeAuthorizedOperations())));
            return response;
        }, adminExecutor);
    }

    private DescribedGroup describe(String groupId, short version, boolean withOperations) {
        DescribedGroup described = new DescribedGroup().setGroupId(groupId).setProtocolType("").setProtocolData("");
        Optional<GroupDescription> found;
        try {
            found = groups.describeGroup(GroupId.of(groupId));
        } catch (HexalogException e) {
            return described.setErrorCode(ErrorMapping.toError(e).code()).setGroupState(GroupStateNames.toWire(GroupState.DEAD));
        }
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
