package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directory every partition's segment directory is in, {@code <data dir>/segments}, with one directory per
 * partition named {@code <topic UUID>-<partition>} ({@link PartitionSegments} keeps what is inside one). Deleting here
 * is never fatal: what cannot be deleted is logged and left, and the next start deletes what no index entry names.
 */
final class SegmentDirectories {

    private static final System.Logger LOG = System.getLogger(SegmentDirectories.class.getName());

    private final Path root;

    SegmentDirectories(Path dataDirectory) {
        this.root = dataDirectory.resolve(PartitionSegments.ROOT);
    }

    Path root() {
        return root;
    }

    /**
     * A partition known only by its topic ID, as keys and directory names store it: the ID stands in as the topic's
     * name. Only keys and files are looked up with it.
     */
    static TopicIdPartition unnamed(TopicId topicId, int partition) {
        return new TopicIdPartition(topicId, TopicName.of(topicId.uuid().toString()), partition);
    }

    /** The partitions' directories; none if the root cannot be listed (logged). */
    List<Path> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Listing " + root + " failed: " + e);
            return List.of();
        }
    }

    /** The partition a directory is named after; empty for a name this layout does not give. */
    static Optional<TopicIdPartition> partitionOf(Path directory) {
        String name = directory.getFileName().toString();
        int dash = name.lastIndexOf('-');
        try {
            return Optional.of(unnamed(new TopicId(UUID.fromString(name.substring(0, dash))),
                    Integer.parseInt(name.substring(dash + 1))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Deletes the directories of every partition of the topic. */
    void deleteTopic(TopicId topicId) {
        String prefix = topicId.uuid() + "-";
        for (Path directory : list()) {
            if (directory.getFileName().toString().startsWith(prefix)) {
                delete(directory);
            }
        }
    }

    /** Deletes a partition's directory and the files in it. */
    static void delete(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Deleting " + directory + " failed, it is deleted on the next start: "
                    + e);
        }
    }
}
