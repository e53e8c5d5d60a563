package io.hexalog.domain.group;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A member of a classic group as the coordinator tracks it: who it is, what it supports, what it was
 * assigned, and whether a JoinGroup or SyncGroup of it is waiting for an answer. Changed only by its
 * {@link ClassicGroup}.
 */
public final class GroupMember {

    /** The member ID of a member joining for the first time. */
    public static final String UNKNOWN_MEMBER_ID = "";

    /** What a member holds before the leader's SyncGroup, or after a rebalance took its assignment away. */
    static final byte[] NO_ASSIGNMENT = new byte[0];

    private final String memberId;
    private final Optional<String> groupInstanceId;
    private final String clientId;
    private final String clientHost;
    private final String protocolType;
    private int sessionTimeoutMs;
    private int rebalanceTimeoutMs;
    private List<MemberProtocol> protocols;
    private byte[] assignment = NO_ASSIGNMENT;
    private boolean awaitingJoin;
    private boolean awaitingSync;
    private boolean isNew;
    private long sessionDeadlineMs;

    GroupMember(String memberId, JoinRequest request) {
        this(memberId, request.groupInstanceId(), request.clientId(), request.clientHost(), request.protocolType());
        update(request);
    }

    private GroupMember(String memberId, Optional<String> groupInstanceId, String clientId, String clientHost,
                        String protocolType) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.protocolType = protocolType;
    }

    /** The same static member under a new member ID, keeping what it was assigned. */
    GroupMember renamed(String newMemberId) {
        GroupMember renamed = new GroupMember(newMemberId, groupInstanceId, clientId, clientHost, protocolType);
        renamed.sessionTimeoutMs = sessionTimeoutMs;
        renamed.rebalanceTimeoutMs = rebalanceTimeoutMs;
        renamed.protocols = protocols;
        renamed.assignment = assignment;
        return renamed;
    }

    void update(JoinRequest request) {
        this.sessionTimeoutMs = request.sessionTimeoutMs();
        this.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
        this.protocols = request.protocols();
    }

    public String memberId() {
        return memberId;
    }

    public Optional<String> groupInstanceId() {
        return groupInstanceId;
    }

    public boolean isStatic() {
        return groupInstanceId.isPresent();
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    public String protocolType() {
        return protocolType;
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    public List<MemberProtocol> protocols() {
        return protocols;
    }

    public byte[] assignment() {
        return assignment.clone();
    }

    void assign(byte[] newAssignment) {
        this.assignment = newAssignment.clone();
    }

    /** The member's metadata for a protocol it supports. */
    public byte[] metadata(String protocolName) {
        return protocols.stream().filter(protocol -> protocol.name().equals(protocolName)).findFirst()
                .map(MemberProtocol::metadata)
                .orElseThrow(() -> new IllegalArgumentException(memberId + " does not support " + protocolName));
    }

    boolean supports(String protocolName) {
        return protocols.stream().anyMatch(protocol -> protocol.name().equals(protocolName));
    }

    /** The member's favourite among the candidates: the first of its own protocols that is one. */
    String vote(Set<String> candidates) {
        return protocols.stream().map(MemberProtocol::name).filter(candidates::contains).findFirst()
                .orElseThrow(() -> new IllegalStateException(memberId + " supports none of " + candidates));
    }

    /** Whether the member joins with exactly the protocols and metadata it joined with before. */
    boolean matches(List<MemberProtocol> otherProtocols) {
        return protocols.equals(otherProtocols);
    }

    public boolean isAwaitingJoin() {
        return awaitingJoin;
    }

    void awaitingJoin(boolean value) {
        this.awaitingJoin = value;
    }

    public boolean isAwaitingSync() {
        return awaitingSync;
    }

    void awaitingSync(boolean value) {
        this.awaitingSync = value;
    }

    boolean isNew() {
        return isNew;
    }

    void isNew(boolean value) {
        this.isNew = value;
    }

    long sessionDeadlineMs() {
        return sessionDeadlineMs;
    }

    void sessionDeadlineMs(long deadlineMs) {
        this.sessionDeadlineMs = deadlineMs;
    }

    /**
     * Whether the member counts as alive without heartbeats: a known member whose JoinGroup or SyncGroup is
     * parked cannot heartbeat meanwhile. A new member can still expire while its first JoinGroup waits.
     */
    boolean hasSatisfiedHeartbeat() {
        return !isNew && (awaitingJoin || awaitingSync);
    }

    @Override
    public String toString() {
        return memberId + groupInstanceId.map(id -> " (instance " + id + ")").orElse("");
    }
}
