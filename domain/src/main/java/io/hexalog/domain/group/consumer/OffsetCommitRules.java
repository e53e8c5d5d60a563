package io.hexalog.domain.group.consumer;

import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.StaleMemberEpochException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.TopicId;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Who may commit and fetch a consumer group's offsets, and with which member epoch, as Kafka checks OffsetCommit,
 * TxnOffsetCommit and OffsetFetch for a group of the consumer protocol (KIP-848, KIP-1251 for older epochs).
 */
final class OffsetCommitRules {

    private final ConsumerGroup group;

    OffsetCommitRules(ConsumerGroup group) {
        this.group = group;
    }

    /**
     * Whether an OffsetCommit may write for this group: without a member (epoch -1) only while the group is
     * empty; otherwise from a member, with its current epoch or an older one, which
     * {@link #partitionCommit} then checks partition by partition (KIP-1251). A classic member commits with
     * its member epoch as the generation, that one only, as Kafka checks it.
     *
     * @return rejected with COORDINATOR_NOT_AVAILABLE for a deleted group, UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH
     *         for an epoch ahead of the member's, ILLEGAL_GENERATION for a classic member's other generation
     */
    Decision offsetCommit(String memberId, int memberEpoch) {
        if (group.state() == ConsumerGroupState.DEAD) {
            return Decision.reject(new CoordinatorNotAvailableException("Group " + group.groupId() + " was removed"));
        }
        if (memberEpoch < 0 && group.members().isEmpty()) {
            return Decision.accept();
        }
        ConsumerGroupMember member = group.member(memberId).orElse(null);
        if (member != null && member.usesClassicProtocol()) {
            return memberEpoch == member.memberEpoch() ? Decision.accept()
                    : Decision.reject(new IllegalGenerationException("The request generation id " + memberEpoch
                    + " is not equal to the member epoch " + member.memberEpoch() + " of member " + memberId));
        }
        if (member != null && memberEpoch >= 0 && memberEpoch < member.memberEpoch()) {
            return Decision.accept();
        }
        return memberEpoch(memberId, memberEpoch);
    }

    /**
     * Whether a commit the group accepted ({@link #offsetCommit}) may write this partition: always with the
     * member's current epoch (and without member in an empty group); with an older epoch only for a partition
     * the member has owned since that epoch or before (KIP-1251's assignment epochs), as its client may commit
     * before it has heard of the newer epoch.
     *
     * @return rejected with STALE_MEMBER_EPOCH
     */
    Decision partitionCommit(String memberId, int memberEpoch, TopicId topic, int partition) {
        ConsumerGroupMember member = group.member(memberId).orElse(null);
        if (member == null || memberEpoch == member.memberEpoch()) {
            return Decision.accept();
        }
        OptionalInt since = group.assignmentEpochOf(memberId, topic, partition);
        if (since.isPresent() && since.getAsInt() <= memberEpoch && memberEpoch < member.memberEpoch()) {
            return Decision.accept();
        }
        return Decision.reject(new StaleMemberEpochException("The member epoch " + memberEpoch + " is stale for"
                + " partition " + partition + " of topic " + topic + ": member " + memberId + " is at epoch "
                + member.memberEpoch() + "."));
    }

    /**
     * Whether a transactional producer may commit offsets on behalf of this member (TxnOffsetCommit v3+, KIP-447,
     * where the member epoch travels in the generation field): a commit without member while the group is empty
     * (a consumer outside group management), otherwise only from a member at its current epoch, as a zombie
     * consumer that lost its partitions must not commit through its producer. No older epoch is accepted here:
     * the transaction is aborted instead, and the producer's next one carries the new epoch.
     *
     * @return rejected with COORDINATOR_NOT_AVAILABLE for a deleted group, UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH
     *         (ILLEGAL_GENERATION for a classic member)
     */
    Decision transactionalOffsetCommit(String memberId, int memberEpoch) {
        if (group.state() == ConsumerGroupState.DEAD) {
            return Decision.reject(new CoordinatorNotAvailableException("Group " + group.groupId() + " was removed"));
        }
        if (memberEpoch < 0 && group.members().isEmpty()) {
            return Decision.accept();
        }
        return memberEpoch(memberId, memberEpoch);
    }

    /**
     * Whether an OffsetFetch (v9+, which names the member) may read: without member ID and epoch (the admin client,
     * a consumer outside group management, a classic consumer) always; otherwise from a member with its current
     * epoch, as Kafka checks it.
     *
     * @return rejected with UNKNOWN_MEMBER_ID, STALE_MEMBER_EPOCH, or ILLEGAL_GENERATION for a classic member
     */
    Decision offsetFetch(Optional<String> memberId, int memberEpoch) {
        if (memberId.isEmpty() && memberEpoch < 0) {
            return Decision.accept();
        }
        return memberEpoch(memberId.orElse(""), memberEpoch);
    }

    private Decision memberEpoch(String memberId, int memberEpoch) {
        ConsumerGroupMember member = group.member(memberId).orElse(null);
        if (member == null) {
            return Decision.reject(new UnknownMemberIdException("Member " + memberId + " is not a member of group "
                    + group.groupId() + "."));
        }
        if (member.memberEpoch() != memberEpoch && member.usesClassicProtocol()) {
            return Decision.reject(new IllegalGenerationException("The generation id " + memberEpoch
                    + " is not the member epoch " + member.memberEpoch() + " of member " + memberId + "."));
        }
        if (member.memberEpoch() != memberEpoch) {
            return Decision.reject(new StaleMemberEpochException("The member epoch " + memberEpoch
                    + " is stale: member " + memberId + " is at epoch " + member.memberEpoch() + "."));
        }
        return Decision.accept();
    }
}
