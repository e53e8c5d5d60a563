package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Refuses the Raft logs of another cluster, before the Raft server opens them. A cluster's groups are named after
 * its voters, hosts and ports included ({@link GroupLayout}), so a node started with another {@code --quorum-voters}
 * than its data was made with finds groups in its storage directory that it would never run, and whose state it
 * cannot serve: Kafka refuses a log directory of another cluster ID in the same way. The refusal names the voters
 * that made the logs, as the group's last configuration recorded them.
 */
final class ForeignRaftLogs {

    /** Ratis' file in a group's {@code current} directory: the last configuration entry, with its peers. */
    static final String CONFIGURATION_FILE = "raft-meta.conf";

    private ForeignRaftLogs() {
    }

    /**
     * @param storage where the node keeps its Raft logs, one directory per group, named by the group's UUID
     * @param groups  every group of the node's layout
     * @throws IllegalArgumentException naming the voters the other cluster's logs were made with
     */
    static void refuse(Path storage, Collection<RaftGroupId> groups) {
        Set<String> known = groups.stream().map(group -> group.getUuid().toString()).collect(Collectors.toSet());
        List<Path> foreign = groupDirectories(storage).stream()
                .filter(directory -> !known.contains(directory.getFileName().toString())).toList();
        if (foreign.isEmpty()) {
            return;
        }
        Set<String> voters = new TreeSet<>();
        for (Path directory : foreign) {
            voters.addAll(recordedVoters(directory));
        }
        throw new IllegalArgumentException("The Raft logs in " + storage + " belong to a cluster of other voters ("
                + (voters.isEmpty() ? "not recorded" : String.join(",", voters)) + "): a cluster's groups are named "
                + "after its --quorum-voters, hosts and ports included. Start this node with the --quorum-voters its "
                + "data was made with, or with another --data-dir");
    }

    /** The directories of {@code storage} named as a Raft group is, by a UUID; none if it does not exist yet. */
    private static List<Path> groupDirectories(Path storage) {
        if (!Files.isDirectory(storage)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(storage)) {
            return entries.filter(Files::isDirectory).filter(directory -> isUuid(directory.getFileName().toString()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list the Raft logs in " + storage + ": " + e.getMessage(), e);
        }
    }

    private static boolean isUuid(String name) {
        try {
            return UUID.fromString(name).toString().equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The voters, as {@code ID@HOST:PORT}, of the group's last recorded configuration; none if it is unreadable. */
    private static List<String> recordedVoters(Path group) {
        Path file = group.resolve("current").resolve(CONFIGURATION_FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(file)) {
            LogEntryProto entry = LogEntryProto.parseFrom(in);
            List<String> voters = new ArrayList<>();
            for (RaftPeerProto peer : entry.getConfigurationEntry().getPeersList()) {
                voters.add(GroupLayout.nodeId(RaftPeerId.valueOf(peer.getId())) + "@" + peer.getAddress());
            }
            return voters;
        } catch (IOException | RuntimeException e) {
            // unreadable, or not written by a node of this project: the refusal says the voters are not recorded
            return List.of();
        }
    }
}
