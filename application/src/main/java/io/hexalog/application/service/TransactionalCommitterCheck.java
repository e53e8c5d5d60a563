package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.policy.Decision;

/**
 * Whether a group takes offsets a transactional producer commits on behalf of {@code committer}, the consumer
 * whose member ID, instance ID and generation TxnOffsetCommit v3+ carries (KIP-447): a zombie consumer of an older
 * generation must not commit through its producer. One implementation per kind of group: classic groups
 * ({@link ClassicTransactionalCommitterCheck}) and consumer groups of KIP-848, checked by their member epoch
 * ({@link ConsumerTransactionalCommitterCheck}).
 */
@FunctionalInterface
interface TransactionalCommitterCheck {

    /**
     * @return accepted, or rejected with ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID or
     *         COORDINATOR_NOT_AVAILABLE
     * @throws io.hexalog.domain.error.NotCoordinatorException if this broker does not coordinate groups now
     */
    Decision check(GroupId group, Committer committer);
}
