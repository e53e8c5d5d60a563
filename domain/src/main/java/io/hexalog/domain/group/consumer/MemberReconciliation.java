package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves one member towards its target assignment, one safe step per heartbeat (KIP-848's reconciliation):
 * partitions it must give up are revoked first, at its current epoch; only once its heartbeat no longer
 * reports them does it take the next epoch; and a partition of its target that another member still owns
 * (assigned or pending revocation there) is withheld until that member lets it go.
 *
 * @param releasedByOthers whether a partition is owned by no other member
 */
record MemberReconciliation(int targetEpoch, PartitionAssignment target, PartitionPredicate releasedByOthers) {

    /** Whether no member but the one reconciled owns a partition. */
    @FunctionalInterface
    interface PartitionPredicate {
        boolean test(TopicId topic, int partition);
    }

    /**
     * The member after this heartbeat.
     *
     * @param reported the partitions the heartbeat says the member owns; empty when it did not say (unchanged)
     */
    ConsumerGroupMember reconcile(ConsumerGroupMember member, Optional<PartitionAssignment> reported) {
        if (member.isReconciledTo(targetEpoch)) {
            return member;
        }
        switch (member.state()) {
            case UNREVOKED_PARTITIONS:
                if (stillOwns(reported, member.pendingRevocation())) {
                    return member;
                }
                return next(member, member.memberEpoch() + 1, reported);
            case UNRELEASED_PARTITIONS:
            case STABLE:
            default:
                return next(member, member.memberEpoch(), reported);
        }
    }

    private ConsumerGroupMember next(ConsumerGroupMember member, int epoch, Optional<PartitionAssignment> reported) {
        PartitionAssignment kept = member.assigned().intersection(target);
        PartitionAssignment toRevoke = member.assigned().minus(kept);
        PartitionAssignment wanted = target.minus(kept);
        PartitionAssignment free = free(wanted);
        boolean unreleased = free.size() < wanted.size();

        if (!toRevoke.isEmpty() && stillOwns(reported, toRevoke)) {
            return member.reconciled(epoch, MemberState.UNREVOKED_PARTITIONS, kept, toRevoke);
        }
        return member.reconciled(targetEpoch, unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
                kept.union(free), PartitionAssignment.EMPTY);
    }

    private PartitionAssignment free(PartitionAssignment wanted) {
        Map<TopicId, Set<Integer>> free = new HashMap<>();
        for (var entry : wanted.partitions().entrySet()) {
            for (int partition : entry.getValue()) {
                if (releasedByOthers.test(entry.getKey(), partition)) {
                    free.computeIfAbsent(entry.getKey(), topic -> new HashSet<>()).add(partition);
                }
            }
        }
        return new PartitionAssignment(free);
    }

    /** A heartbeat that does not report what it owns is taken to still own everything. */
    private static boolean stillOwns(Optional<PartitionAssignment> reported, PartitionAssignment partitions) {
        return reported.map(owned -> owned.overlaps(partitions)).orElse(true);
    }
}
