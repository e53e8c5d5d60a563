package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class YieldedPrioritiesTest {

    private static final String HOLDING = "its store holds a command of the group, until the store takes it";

    private static final RaftPeerId SELF = GroupLayout.peerId(2);
    private static final RaftGroup LAID_OUT = RaftGroup.valueOf(RaftGroupId.randomId(),
            peer(1, 2), peer(2, 1), peer(3, 1));
    /** The group's members as they are once this node gave up its place. */
    private static final List<RaftPeer> LOWERED = YieldedPriorities.withPriority(LAID_OUT.getPeers(), SELF,
            YieldedPriorities.YIELDED_PRIORITY);

    private final BlockingQueue<List<RaftPeer>> asked = new LinkedBlockingQueue<>();
    private final YieldedPriorities priorities = new YieldedPriorities(SELF, this::record);

    @AfterEach
    void close() {
        priorities.close();
    }

    @Test
    void shouldPutThisNodeBelowEveryOtherMemberWhileItsStoreHoldsACommand() throws Exception {
        priorities.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), HOLDING, false);

        assertThat(byNode(next())).isEqualTo(Map.of(1, 2, 2, YieldedPriorities.YIELDED_PRIORITY, 3, 1));
    }

    @Test
    void shouldGiveThisNodeItsLaidOutPriorityBackOnceItsStoreTookWhatItHeld() throws Exception {
        priorities.check("shard-0", LAID_OUT, LOWERED, null, false);

        assertThat(byNode(next())).isEqualTo(Map.of(1, 2, 2, 1, 3, 1));
    }

    @Test
    void shouldAskNothingWhenThisNodesPriorityIsTheOneWanted() throws Exception {
        priorities.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), null, false);
        priorities.check("shard-0", LAID_OUT, LOWERED, HOLDING, false);

        assertThat(asked.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void shouldAskNothingWhileThisNodeKnowsOfNoReadyLeaderOfTheGroup() throws Exception {
        priorities.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), HOLDING, true);
        priorities.check("shard-0", LAID_OUT, LOWERED, null, true);
        assertThat(asked.poll(200, TimeUnit.MILLISECONDS)).isNull();

        // once there is one, the look asks what is wanted then
        priorities.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), HOLDING, false);
        assertThat(byNode(next())).isEqualTo(Map.of(1, 2, 2, YieldedPriorities.YIELDED_PRIORITY, 3, 1));
    }

    @Test
    void shouldAskOneChangeAtATimeForAGroup() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        YieldedPriorities slow = new YieldedPriorities(SELF, (group, peers) -> {
            asked.add(peers);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return reply(group, true);
        });
        try {
            slow.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), HOLDING, false);
            next();
            slow.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), HOLDING, false);

            assertThat(asked.poll(200, TimeUnit.MILLISECONDS)).as("a second change while the first is on its way")
                    .isNull();
        } finally {
            release.countDown();
            slow.close();
        }
    }

    @Test
    void shouldAskAgainAfterAChangeThatFailed() throws Exception {
        YieldedPriorities failing = new YieldedPriorities(SELF, (group, peers) -> {
            asked.add(peers);
            throw new IOException("no leader");
        });
        try {
            failing.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), HOLDING, false);
            next();
            awaitIdle(failing);

            assertThat(byNode(next())).containsEntry(2, YieldedPriorities.YIELDED_PRIORITY);
        } finally {
            failing.close();
        }
    }

    /** Looks again until the failed change is over and another is asked. */
    private void awaitIdle(YieldedPriorities failing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (asked.isEmpty() && System.nanoTime() < deadline) {
            failing.check("shard-0", LAID_OUT, LAID_OUT.getPeers(), HOLDING, false);
            Thread.sleep(10);
        }
    }

    private List<RaftPeer> next() throws InterruptedException {
        List<RaftPeer> peers = asked.poll(5, TimeUnit.SECONDS);
        assertThat(peers).as("a configuration asked for").isNotNull();
        return peers;
    }

    private RaftClientReply record(RaftGroupId group, List<RaftPeer> peers) {
        asked.add(peers);
        return reply(group, true);
    }

    private static RaftClientReply reply(RaftGroupId group, boolean success) {
        return RaftClientReply.newBuilder()
                .setClientId(ClientId.randomId())
                .setServerId(RaftGroupMemberId.valueOf(SELF, group))
                .setSuccess(success)
                .build();
    }

    private static Map<Integer, Integer> byNode(List<RaftPeer> peers) {
        return peers.stream()
                .collect(Collectors.toMap(peer -> GroupLayout.nodeId(peer.getId()), RaftPeer::getPriority));
    }

    private static RaftPeer peer(int nodeId, int priority) {
        return RaftPeer.newBuilder().setId(GroupLayout.peerId(nodeId)).setAddress("127.0.0.1:" + (9190 + nodeId))
                .setPriority(priority).build();
    }
}
