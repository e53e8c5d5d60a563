package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.cluster.MetadataQuorum;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata quorum as the metadata group's leader sees it ({@link MetadataQuorum}, Kafka's DescribeQuorum), and
 * the question a node that does not lead the group asks the leader for it: a Ratis read-only query, which the leader's
 * state machine answers from its view of its followers.
 *
 * <p>Raft indexes count from 0 and name an entry; Kafka's offsets here name the entry after: a log whose last entry
 * is index 41 ends at offset 42, and a high watermark of 42 says every entry up to index 41 is committed. A follower's
 * log reaches as far as the leader knows it to match its own (its match index); it last fetched when it last answered
 * the leader, and was last caught up then if it holds every committed entry, else when the leader last saw it so
 * ({@link CaughtUpFollowers}).
 */
final class MetadataQuorumAnswer {

    /** "HXMQ": a question for the metadata quorum. */
    private static final int QUESTION = 0x48584D51;

    private MetadataQuorumAnswer() {
    }

    static byte[] question() {
        return ByteBuffer.allocate(Integer.BYTES).putInt(QUESTION).array();
    }

    /** Whether {@code message} is this question, rather than another read-only query. */
    static boolean isQuestion(byte[] message) {
        return message.length == Integer.BYTES && ByteBuffer.wrap(message).getInt() == QUESTION;
    }

    /**
     * The quorum as this node, the metadata group's leader, sees it at {@code nowMillis} (its wall clock).
     *
     * @param followers the group's followers as this leader sees them
     * @param caughtUp  when the leader last saw each follower hold every committed entry
     */
    static MetadataQuorum of(RaftServer.Division division, List<InSyncReplicas.Follower> followers,
                             CaughtUpFollowers caughtUp, long nowMillis) {
        int self = GroupLayout.nodeId(division.getId());
        long term = division.getInfo().getCurrentTerm();
        long committed = division.getRaftLog().getLastCommittedIndex();
        Map<Integer, InSyncReplicas.Follower> byNode = new HashMap<>();
        followers.forEach(follower -> byNode.put(follower.nodeId(), follower));
        List<MetadataQuorum.Voter> voters = new ArrayList<>();
        for (RaftPeer peer : division.getRaftConf().getCurrentPeers()) {
            int nodeId = GroupLayout.nodeId(peer.getId());
            String address = peer.getAddress();
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            int port = Integer.parseInt(address.substring(colon + 1));
            InSyncReplicas.Follower follower = byNode.get(nodeId);
            if (nodeId == self) {
                voters.add(new MetadataQuorum.Voter(nodeId, host, port, division.getRaftLog().getNextIndex(),
                        MetadataQuorum.UNKNOWN, nowMillis));
            } else if (follower == null || follower.matchIndex() < 0) {
                voters.add(new MetadataQuorum.Voter(nodeId, host, port, MetadataQuorum.UNKNOWN, MetadataQuorum.UNKNOWN,
                        caughtUp.lastCaughtUp(term, nodeId)));
            } else {
                long lastFetch = nowMillis - follower.silentMillis();
                long lastCaughtUp = follower.matchIndex() >= committed ? lastFetch
                        : caughtUp.lastCaughtUp(term, nodeId);
                // seen caught up at a look after it last answered: it held, as it answered, all that was committed
                voters.add(new MetadataQuorum.Voter(nodeId, host, port, follower.matchIndex() + 1, lastFetch,
                        lastCaughtUp == MetadataQuorum.UNKNOWN ? lastCaughtUp : Math.min(lastCaughtUp, lastFetch)));
            }
        }
        return new MetadataQuorum(self, (int) term, committed + 1, voters);
    }

    static byte[] encode(MetadataQuorum quorum) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(quorum.leaderId());
            out.writeInt(quorum.leaderEpoch());
            out.writeLong(quorum.highWatermark());
            out.writeInt(quorum.voters().size());
            for (MetadataQuorum.Voter voter : quorum.voters()) {
                out.writeInt(voter.nodeId());
                out.writeUTF(voter.host());
                out.writeInt(voter.port());
                out.writeLong(voter.logEndOffset());
                out.writeLong(voter.lastFetchTimestamp());
                out.writeLong(voter.lastCaughtUpTimestamp());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException if {@code answer} is not one {@link #encode} wrote */
    static MetadataQuorum decode(byte[] answer) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(answer))) {
            int leaderId = in.readInt();
            int leaderEpoch = in.readInt();
            long highWatermark = in.readLong();
            int count = in.readInt();
            List<MetadataQuorum.Voter> voters = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                voters.add(new MetadataQuorum.Voter(in.readInt(), in.readUTF(), in.readInt(), in.readLong(),
                        in.readLong(), in.readLong()));
            }
            if (in.available() > 0) {
                throw new IOException("The metadata quorum's answer has " + in.available() + " bytes too many");
            }
            return new MetadataQuorum(leaderId, leaderEpoch, highWatermark, voters);
        } catch (IllegalArgumentException e) {
            throw new IOException("The metadata quorum's answer is not one: " + e.getMessage(), e);
        }
    }
}
