package io.hexalog.adapter.replication.ratis;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Ties a node's Raft logs to the node, as Kafka's {@code meta.properties} ties a log directory to its broker: the
 * first start writes {@code node.id} into {@code meta.properties} beside the logs, and a later start as another
 * node refuses them. Logs hold their node's votes and the entries it acknowledged; taken over by another node (a
 * data directory copied, or two swapped), that node could vote twice in a term or count as a copy an entry its
 * majority relies on, and a record acknowledged by that majority could be lost.
 */
final class RaftLogsOwner {

    static final String FILE = "meta.properties";
    private static final String NODE_ID = "node.id";

    private RaftLogsOwner() {
    }

    /**
     * Records {@code nodeId} as the owner of the logs in {@code storage} if no node is recorded yet.
     *
     * @throws IllegalArgumentException if they belong to another node
     * @throws IllegalStateException    if the record cannot be read or written
     */
    static void claim(Path storage, int nodeId) {
        Path file = storage.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(storage);
                DurableFiles.replace(file, (NODE_ID + "=" + nodeId + "\n").getBytes(StandardCharsets.UTF_8));
                DurableFiles.forceDirectory(storage);
                return;
            }
            Properties recorded = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                recorded.load(reader);
            }
            String owner = recorded.getProperty(NODE_ID, "").trim();
            if (!owner.equals(Integer.toString(nodeId))) {
                throw new IllegalArgumentException("The Raft logs in " + storage + " belong to node " + owner
                        + " (" + file + "), not to node " + nodeId + ": a node's logs hold its votes and what it "
                        + "acknowledged, which no other node may take over. Start node " + owner + " on them, or "
                        + "node " + nodeId + " with a --data-dir of its own");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot record the owner of the Raft logs in " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
