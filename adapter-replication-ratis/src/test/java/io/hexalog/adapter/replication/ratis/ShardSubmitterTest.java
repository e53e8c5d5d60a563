package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.replication.ratis.ShardSubmitter.Pending;
import io.hexalog.domain.cluster.ReplicatedCommand.Appended;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import org.apache.ratis.protocol.RaftClientReply;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardSubmitterTest {

    @Test
    void shouldPutTheQueuedCommandsOfAShardInOneEntryInTheOrderTheyCame() {
        List<Pending> queued = List.of(pending(0, 10), pending(0, 20), pending(0, 30));

        List<List<Pending>> entries = ShardSubmitter.entries(queued, 1_000);

        assertThat(entries).containsExactly(queued);
    }

    @Test
    void shouldKeepTheCommandsOfEachShardInEntriesOfTheirOwn() {
        Pending a = pending(0, 10);
        Pending b = pending(1, 10);
        Pending c = pending(0, 10);

        List<List<Pending>> entries = ShardSubmitter.entries(List.of(a, b, c), 1_000);

        assertThat(entries).containsExactly(List.of(a, c), List.of(b));
    }

    @Test
    void shouldNeverPutMoreCommandsInAnEntryThanItsPositionsCanNumber() {
        List<Pending> queued = new ArrayList<>();
        for (int command = 0; command <= CommandPositions.MAX_COMMANDS_PER_ENTRY; command++) {
            queued.add(pending(0, 1));
        }

        List<List<Pending>> entries = ShardSubmitter.entries(queued, Integer.MAX_VALUE);

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).hasSize(CommandPositions.MAX_COMMANDS_PER_ENTRY);
    }

    @Test
    void shouldStartAnotherEntryWhenTheNextCommandWouldMakeItTooLarge() {
        Pending a = pending(0, 600);
        Pending b = pending(0, 300);
        Pending c = pending(0, 200);
        Pending huge = pending(0, 5_000);

        List<List<Pending>> entries = ShardSubmitter.entries(List.of(a, b, c, huge), 1_000);

        assertThat(entries).containsExactly(List.of(a, b), List.of(c), List.of(huge));
    }

    @Test
    void shouldShareAnEntryBetweenCommandsQueuedWhileTheLastOneWasHandedOverAndAnswerEachWithItsOwnOutcome()
            throws Exception {
        CountDownLatch firstHandedOver = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<byte[]> sent = new CopyOnWriteArrayList<>();
        ShardSubmitter.Sender sender = (shard, entry, callId) -> {
            sent.add(entry);
            firstHandedOver.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(null);
        };
        // Each command is one byte naming it; its outcome echoes that byte, so that a mix-up shows.
        try (ShardSubmitter submitter = new ShardSubmitter(sender, new AtomicLong()::incrementAndGet,
                (shard, callId) -> null, reply -> echo(sent.get(sent.size() - 1)), 1_000, "test-submitter")) {
            CompletableFuture<byte[]> first = submitter.submit(0, new byte[] {1});
            assertThat(firstHandedOver.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<byte[]>> later = new ArrayList<>();
            for (byte command = 2; command <= 4; command++) {
                later.add(submitter.submit(0, new byte[] {command}));
            }
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(1);
            for (int i = 0; i < later.size(); i++) {
                assertThat(later.get(i).get(10, TimeUnit.SECONDS)).containsExactly(i + 2);
            }
            assertThat(sent).hasSize(2);
            assertThat(CommandCodec.parts(ByteBuffer.wrap(sent.get(1)))).extracting(CommandCodec::bytesOf)
                    .containsExactly(new byte[] {2}, new byte[] {3}, new byte[] {4});
        }
    }

    @Test
    void shouldFailEveryCommandOfAnEntryTheShardRefused() {
        ShardSubmitter.Sender refusing = (shard, entry, callId) -> CompletableFuture.failedFuture(
                new NotLeaderOrFollowerException("moved"));
        try (ShardSubmitter submitter = new ShardSubmitter(refusing, new AtomicLong()::incrementAndGet,
                (shard, callId) -> null, reply -> new byte[0], 1_000, "test-submitter")) {
            CompletableFuture<byte[]> refused = submitter.submit(0, new byte[] {1});

            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(NotLeaderOrFollowerException.class).hasMessage("moved");
        }
    }

    @Test
    void shouldAnswerTheAppendsWaitingToBePlacedWithWhereTheLeaderPlacedThemBeforeTheyAreApplied() throws Exception {
        CountDownLatch firstHandedOver = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<RaftClientReply> applied = new CompletableFuture<>();
        Map<Long, List<Appended>> placedByCall = new ConcurrentHashMap<>();
        ShardSubmitter.Sender sender = (shard, entry, callId) -> {
            // the leader places the entry's commands: the second of the shared entry cannot be told
            placedByCall.put(callId, callId == 1 ? List.of(new Appended(7, 0))
                    : Arrays.asList(new Appended(8, 0), null, new Appended(11, 0)));
            firstHandedOver.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return applied;
        };
        try (ShardSubmitter submitter = new ShardSubmitter(sender, new AtomicLong()::incrementAndGet,
                (shard, callId) -> placedByCall.remove(callId), reply -> new byte[0], 1_000, "test-submitter")) {
            CompletableFuture<Appended> first = new CompletableFuture<>();
            submitter.submit(0, new byte[] {1}, first);
            assertThat(firstHandedOver.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Appended> second = new CompletableFuture<>();
            CompletableFuture<Appended> third = new CompletableFuture<>();
            submitter.submit(0, new byte[] {2}, second);
            submitter.submit(0, new byte[] {3}, third);
            CompletableFuture<byte[]> answeredOnceApplied = submitter.submit(0, new byte[] {4});
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Appended(7, 0));
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new Appended(8, 0));
            assertThat(third).isNotDone();
            assertThat(answeredOnceApplied).isNotDone();
            assertThat(placedByCall).as("every placement taken").isEmpty();
        }
    }

    /** The outcome of an entry whose commands are each one byte: that byte, per command. */
    private static byte[] echo(byte[] entry) {
        ByteBuffer read = ByteBuffer.wrap(entry);
        List<byte[]> commands = CommandCodec.isSeveral(read)
                ? CommandCodec.parts(read).stream().map(CommandCodec::bytesOf).toList()
                : List.of(entry);
        return commands.size() == 1 ? commands.get(0) : Outcomes.several(commands);
    }

    private static Pending pending(int shard, int bytes) {
        return new Pending(shard, new byte[bytes], new CompletableFuture<>(), null);
    }
}
