package io.hexalog.domain.group;

import java.util.List;
import java.util.Optional;

/** JoinGroup requests for tests: a new dynamic consumer speaking JoinGroup v9 unless told otherwise. */
final class JoinRequestBuilder {

    private String memberId = GroupMember.UNKNOWN_MEMBER_ID;
    private Optional<String> instanceId = Optional.empty();
    private String clientId = "client";
    private int sessionTimeoutMs = GroupFixture.SESSION_MS;
    private String protocolType = "consumer";
    private List<MemberProtocol> protocols = List.of(new MemberProtocol("range", new byte[] {1}));
    private boolean requireKnownMemberId = true;
    private boolean skipAssignment = true;

    JoinRequestBuilder member(String id) {
        this.memberId = id;
        return this;
    }

    JoinRequestBuilder instance(String id) {
        this.instanceId = Optional.of(id);
        return this;
    }

    JoinRequestBuilder client(String id) {
        this.clientId = id;
        return this;
    }

    JoinRequestBuilder sessionTimeout(int ms) {
        this.sessionTimeoutMs = ms;
        return this;
    }

    JoinRequestBuilder protocolType(String type) {
        this.protocolType = type;
        return this;
    }

    JoinRequestBuilder protocols(String... names) {
        this.protocols = java.util.Arrays.stream(names).map(name -> new MemberProtocol(name, new byte[] {1})).toList();
        return this;
    }

    JoinRequestBuilder metadata(byte... metadata) {
        this.protocols = List.of(new MemberProtocol(protocols.get(0).name(), metadata));
        return this;
    }

    /** As JoinGroup v0-3 asks: a new member is added at once, without MEMBER_ID_REQUIRED. */
    JoinRequestBuilder oldVersion() {
        this.requireKnownMemberId = false;
        this.skipAssignment = false;
        return this;
    }

    JoinRequest build() {
        return new JoinRequest(memberId, instanceId, clientId, "/127.0.0.1", sessionTimeoutMs,
                GroupFixture.REBALANCE_MS, protocolType, protocols, requireKnownMemberId, skipAssignment);
    }
}
