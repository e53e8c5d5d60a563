package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.MemberProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup: parked until the group's join phase completes. From version 4 a new member first receives
 * MEMBER_ID_REQUIRED with its ID (KIP-394); version 5 adds static membership (KIP-345); version 9 lets a
 * static leader skip the assignment (KIP-814).
 */
final class JoinGroupHandler extends AbstractApiHandler<JoinGroupRequestData, JoinGroupResponseData> {

    private static final short FIRST_VERSION_REQUIRING_MEMBER_ID = 4;
    private static final short FIRST_VERSION_WITH_NULLABLE_PROTOCOL_NAME = 7;
    private static final short FIRST_VERSION_SKIPPING_ASSIGNMENT = 9;

    private final GroupMembershipUseCase membership;

    JoinGroupHandler(GroupMembershipUseCase membership) {
        super(ApiKeys.JOIN_GROUP, 0, 9);
        this.membership = membership;
    }

    @Override
    public CompletableFuture<JoinGroupResponseData> handle(RequestContext context, JoinGroupRequestData request) {
        short version = context.apiVersion();
        CompletableFuture<JoinResult> joined;
        try {
            joined = membership.joinGroup(GroupId.of(request.groupId()), joinRequest(context, request));
        } catch (RuntimeException e) {
            joined = CompletableFuture.failedFuture(e);
        }
        return joined.handle((result, failure) -> failure == null
                ? success(result, version) : failure(request.memberId(), failure, version));
    }

    private static JoinRequest joinRequest(RequestContext context, JoinGroupRequestData request) {
        short version = context.apiVersion();
        List<MemberProtocol> protocols = new ArrayList<>();
        request.protocols().forEach(protocol -> protocols.add(new MemberProtocol(protocol.name(), protocol.metadata())));
        int rebalanceTimeoutMs = version == 0 ? request.sessionTimeoutMs() : request.rebalanceTimeoutMs();
        return new JoinRequest(request.memberId(), Optional.ofNullable(request.groupInstanceId()),
                context.clientId() == null ? "" : context.clientId(), clientHost(context),
                request.sessionTimeoutMs(), rebalanceTimeoutMs, request.protocolType(), protocols,
                version >= FIRST_VERSION_REQUIRING_MEMBER_ID, version >= FIRST_VERSION_SKIPPING_ASSIGNMENT);
    }

    /** The client's address as Kafka shows it in DescribeGroups: "/127.0.0.1". */
    static String clientHost(RequestContext context) {
        if (context.clientAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().toString();
        }
        return String.valueOf(context.clientAddress());
    }

    private static JoinGroupResponseData success(JoinResult result, short version) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setMemberId(result.memberId())
                .setGenerationId(result.generationId())
                .setProtocolType(result.protocolType().orElse(null))
                .setProtocolName(protocolName(result.protocolName(), version))
                .setLeader(result.leaderId())
                .setSkipAssignment(result.skipAssignment());
        result.members().forEach(member -> response.members().add(new JoinGroupResponseMember()
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.groupInstanceId().orElse(null))
                .setMetadata(member.metadata())));
        return response;
    }

    private static JoinGroupResponseData failure(String requestMemberId, Throwable failure, short version) {
        Throwable cause = ErrorMapping.unwrap(failure);
        String memberId = cause instanceof MemberIdRequiredException required ? required.memberId() : requestMemberId;
        Errors error = ErrorMapping.toError(cause);
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setMemberId(memberId)
                .setGenerationId(-1)
                .setProtocolName(protocolName(Optional.empty(), version))
                .setLeader("");
    }

    private static String protocolName(Optional<String> name, short version) {
        return name.orElse(version < FIRST_VERSION_WITH_NULLABLE_PROTOCOL_NAME ? "" : null);
    }
}
