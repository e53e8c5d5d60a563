package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.policy.Decision;

/**
 * The check of consumer groups (KIP-848), whose members send their member epoch where a classic member sends its
 * generation: only a member at its current epoch commits through a transactional producer
 * ({@code ConsumerGroup.checkTransactionalOffsetCommit}). A group ID that names no consumer group is left to the
 * check of classic groups, which also decides for a group that does not exist.
 */
final class ConsumerTransactionalCommitterCheck implements TransactionalCommitterCheck {

    /** A committer without member ID and epoch, as the group's checks see it (Kafka's wire values). */
    private static final String NO_MEMBER_ID = "";
    private static final int NO_MEMBER_EPOCH = -1;

    private final ConsumerGroupTable consumerGroups;
    private final TransactionalCommitterCheck otherGroups;

    ConsumerTransactionalCommitterCheck(ConsumerGroupTable consumerGroups, TransactionalCommitterCheck otherGroups) {
        this.consumerGroups = consumerGroups;
        this.otherGroups = otherGroups;
    }

    @Override
    public Decision check(GroupId groupId, Committer committer) {
        return consumerGroups.find(groupId)
                .map(slot -> slot.locked(group -> committer instanceof Committer.Member member
                        ? group.checkTransactionalOffsetCommit(member.memberId(),
                                member.generationId().orElse(NO_MEMBER_EPOCH))
                        : group.checkTransactionalOffsetCommit(NO_MEMBER_ID, NO_MEMBER_EPOCH)))
                .orElseGet(() -> otherGroups.check(groupId, committer));
    }
}
