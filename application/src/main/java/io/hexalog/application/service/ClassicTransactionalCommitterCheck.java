package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.policy.Decision;

/**
 * The check of classic groups, as Kafka's group coordinator makes it for a transactional offset commit: the
 * group's own rules ({@code ClassicGroup.checkTransactionalOffsetCommit}), and ILLEGAL_GENERATION for a generation
 * of a group that does not exist. A commit without generation for a group that does not exist is accepted (its
 * offsets create the group when the transaction commits).
 */
final class ClassicTransactionalCommitterCheck implements TransactionalCommitterCheck {

    /** A member that knows no generation, as the group's checks see it (Kafka's wire value). */
    private static final int NO_GENERATION = -1;

    private final GroupTable groups;

    ClassicTransactionalCommitterCheck(GroupTable groups) {
        this.groups = groups;
    }

    @Override
    public Decision check(GroupId groupId, Committer committer) {
        if (!(committer instanceof Committer.Member member)) {
            return Decision.accept();
        }
        int generationId = member.generationId().orElse(NO_GENERATION);
        return groups.find(groupId)
                .map(slot -> slot.locked(group -> group.checkTransactionalOffsetCommit(
                        member.memberId(), member.groupInstanceId(), generationId)))
                .orElseGet(() -> generationId == NO_GENERATION ? Decision.accept()
                        : Decision.reject(new IllegalGenerationException("Group " + groupId
                                + " does not exist, so it has no generation " + generationId)));
    }
}
