package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.BrokerNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StorageRoomWatchTest {

    private static final long RESERVE = 1_000;

    private final GroupLayout layout = new GroupLayout(QuorumVoter.parseAll("1@h:1,2@h:2,3@h:3"));
    private final Membership membership = new Membership();
    private final AtomicLong free = new AtomicLong(50_000);
    /** What the watch told the metadata log, decoded; each word completes only when the test says. */
    private final List<CommandCodec.StorageRoom> told = new ArrayList<>();
    private final List<CompletableFuture<Void>> applied = new ArrayList<>();
    private final StorageRoomWatch watch = new StorageRoomWatch(2,
            new ClusterSettings.StorageReserve(RESERVE, free::get), layout, membership, entry -> {
                told.add((CommandCodec.StorageRoom) CommandCodec.decode(entry, 3).clusterEntry());
                CompletableFuture<Void> done = new CompletableFuture<>();
                applied.add(done);
                return done;
            });

    StorageRoomWatchTest() {
        for (int node = 1; node <= 3; node++) {
            membership.register(new BrokerNode(node, "127.0.0.1", 9091 + node));
        }
    }

    @Test
    void shouldTellTheClusterOnceWhenTheVolumeFallsBelowItsReserveAndAgainWhenItHasRoom() {
        watch.look();
        assertThat(told).isEmpty();

        free.set(RESERVE - 1);
        watch.look();
        watch.look();
        assertThat(told).containsExactly(new CommandCodec.StorageRoom(2, true, RESERVE - 1));

        // applied: the metadata log now says node 2 is low, so nothing more is said while it stays low
        membership.storageRoom(told.get(0));
        applied.get(0).complete(null);
        watch.look();
        assertThat(told).hasSize(1);

        // the way back needs a sixteenth more than the reserve, so that a volume at its edge does not flap
        free.set(RESERVE + RESERVE / 16 - 1);
        watch.look();
        assertThat(told).hasSize(1);
        free.set(RESERVE + RESERVE / 16);
        watch.look();
        assertThat(told).last().isEqualTo(new CommandCodec.StorageRoom(2, false, RESERVE + RESERVE / 16));
    }

    @Test
    void shouldRefuseAppendsToTheShardsOfALiveNodeLowOnStorageOnly() {
        assertThat(watch.refusalFor(0)).isNull();

        membership.storageRoom(new CommandCodec.StorageRoom(3, true, 12));

        for (GroupLayout.Shard shard : layout.shards()) {
            if (shard.replicas().contains(3)) {
                assertThat(watch.refusalFor(shard.index())).isNotNull()
                        .hasMessageContaining("Broker 3").hasMessageContaining("12 bytes free");
            } else {
                assertThat(watch.refusalFor(shard.index())).isNull();
            }
        }

        // a node that is down holds no write back: its partitions' other replicas go on
        membership.live(Set.of(1, 2));
        for (GroupLayout.Shard shard : layout.shards()) {
            assertThat(watch.refusalFor(shard.index())).isNull();
        }
    }

    @Test
    void shouldSayNothingWhenTheFreeSpaceCannotBeRead() {
        List<byte[]> words = new ArrayList<>();
        StorageRoomWatch unreadable = new StorageRoomWatch(2, new ClusterSettings.StorageReserve(RESERVE, () -> {
            throw new IllegalStateException("no such volume");
        }), layout, membership, entry -> {
            words.add(entry);
            return CompletableFuture.completedFuture(null);
        });

        unreadable.look();
        unreadable.look();

        assertThat(words).isEmpty();
    }
}
