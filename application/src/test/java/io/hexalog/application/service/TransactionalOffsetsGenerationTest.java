package io.hexalog.application.service;

import io.hexalog.application.port.in.CommitOffsetsCommand.Committer;
import io.hexalog.application.port.in.CommitOffsetsCommand.PartitionOffset;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.port.in.TxnOffsetCommitCommand;
import io.hexalog.domain.error.FencedInstanceIdException;
import io.hexalog.domain.error.IllegalGenerationException;
import io.hexalog.domain.error.MemberIdRequiredException;
import io.hexalog.domain.error.UnknownMemberIdException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.GroupMember;
import io.hexalog.domain.group.JoinRequest;
import io.hexalog.domain.group.JoinResult;
import io.hexalog.domain.group.MemberProtocol;
import io.hexalog.domain.group.SyncRequest;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.TransactionalId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.hexalog.application.service.Failures.failureOf;
import static io.hexalog.application.service.Failures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TxnOffsetCommit checks the consumer a transactional producer commits for against the group (KIP-447): only a
 * member of the current generation commits, so that a zombie consumer's producer cannot.
 */
class TransactionalOffsetsGenerationTest {

    private static final TransactionalId PAYMENTS = TransactionalId.of("payments");
    private static final GroupId BILLING = GroupId.of("billing");
    private static final TopicPartition ORDERS_0 = new TopicPartition(TopicName.of("orders"), 0);

    private final TransactionsOnFakes broker = new TransactionsOnFakes();
    private final AtomicLong memberIds = new AtomicLong();
    private final GroupCoordinator groups = new GroupCoordinator(broker.groups,
            () -> new UUID(0, memberIds.incrementAndGet()));
    private ProducerIdAndEpoch producer;

    @BeforeEach
    void transactionWithTheGroupsOffsets() {
        broker.createTopic("orders", 1);
        producer = resultOf(broker.coordinator.initProducerId(PAYMENTS, 30_000, Optional.empty()));
        resultOf(broker.coordinator.addOffsets(PAYMENTS, producer, BILLING));
    }

    @Test
    void shouldTakeOffsetsForAMemberOfTheCurrentGeneration() {
        String member = stableMemberOfGenerationOne();

        resultOf(commit(Committer.Member.of(member, Optional.empty(), 1)));

        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).containsExactly(ORDERS_0);
    }

    @Test
    void shouldRefuseAZombieConsumersStaleGenerationAndStoreNothing() {
        String member = stableMemberOfGenerationOne();

        assertThat(failureOf(commit(Committer.Member.of(member, Optional.empty(), 0))))
                .isInstanceOf(IllegalGenerationException.class);
        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).isEmpty();
    }

    @Test
    void shouldRefuseAConsumerThatIsNotAMember() {
        stableMemberOfGenerationOne();

        assertThat(failureOf(commit(Committer.Member.of("departed", Optional.empty(), 1))))
                .isInstanceOf(UnknownMemberIdException.class);
        assertThat(failureOf(commit(Committer.Member.of("departed", Optional.of("static-1"), 1))))
                .isInstanceOfAny(UnknownMemberIdException.class, FencedInstanceIdException.class);
    }

    @Test
    void shouldRefuseAGenerationOfAGroupThatDoesNotExist() {
        assertThat(failureOf(commit(Committer.Member.of("anyone", Optional.empty(), 3))))
                .isInstanceOf(IllegalGenerationException.class);
    }

    @Test
    void shouldSkipTheCheckForACommitNamingNoMemberAndNoGeneration() {
        stableMemberOfGenerationOne();

        resultOf(commit(new Committer.Unmanaged()));

        assertThat(resultOf(broker.offsets.partitionsWithPendingOffsets(BILLING))).containsExactly(ORDERS_0);
    }

    private CompletableFuture<?> commit(Committer committer) {
        return broker.offsets.commitOffsets(new TxnOffsetCommitCommand(PAYMENTS, BILLING, producer,
                Map.of(ORDERS_0, new PartitionOffset(42, OptionalInt.empty(), "")),
                TransactionSupportedOperation.DEFAULT_ERROR, committer));
    }

    /** One consumer joins the group and syncs: the group is stable in generation 1. */
    private String stableMemberOfGenerationOne() {
        CompletableFuture<JoinResult> first = groups.joinGroup(BILLING, join(GroupMember.UNKNOWN_MEMBER_ID));
        String member = ((MemberIdRequiredException) failureOf(first)).memberId();
        CompletableFuture<JoinResult> joined = groups.joinGroup(BILLING, join(member));
        broker.scheduler.advance(Duration.ofMillis(GroupCoordinatorConfig.kafkaDefaults().initialRebalanceDelayMs() + 1));
        assertThat(resultOf(joined).generationId()).isEqualTo(1);
        resultOf(groups.syncGroup(BILLING, new SyncRequest(member, Optional.empty(), 1, Optional.empty(),
                Optional.empty(), Map.of(member, new byte[] {1}))));
        return member;
    }

    private static JoinRequest join(String memberId) {
        return new JoinRequest(memberId, Optional.empty(), "app", "/127.0.0.1", 10_000, 30_000, "consumer",
                List.of(new MemberProtocol("range", new byte[] {1})), true, true);
    }
}
