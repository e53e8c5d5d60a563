package io.hexalog.adapter.replication.ratis;

import io.hexalog.domain.error.KafkaStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The free space each node keeps in reserve on its data volume ({@code storage.min.free.bytes}, ADR 17): this node
 * tells the cluster, through the metadata log, when its volume falls below the reserve and when it has room again,
 * and every leader refuses produce to a partition one of whose live replicas is low ({@link #refusalFor}), so that
 * no replica meets a full disk.
 *
 * <p>Looked at every half second by one thread ({@link #look}); {@link #refusalFor} may be asked by any.
 */
final class StorageRoomWatch {

    private static final Logger LOG = LoggerFactory.getLogger(StorageRoomWatch.class);

    private final int nodeId;
    private final ClusterSettings.StorageReserve reserve;
    private final GroupLayout layout;
    /** What the metadata log says, the nodes low on storage among it. */
    private final Membership membership;
    /** Submits a word to the metadata log; completes once it is applied on this node too. */
    private final Function<byte[], CompletableFuture<?>> tell;
    /** Whether this node's word on its data volume's room is on its way to the metadata log. */
    private final AtomicBoolean telling = new AtomicBoolean();
    /** Whether reading the data volume's free space failed last time, so that the failure is logged once. */
    private final AtomicBoolean unreadable = new AtomicBoolean();

    StorageRoomWatch(int nodeId, ClusterSettings.StorageReserve reserve, GroupLayout layout, Membership membership,
                     Function<byte[], CompletableFuture<?>> tell) {
        this.nodeId = nodeId;
        this.reserve = reserve;
        this.layout = layout;
        this.membership = membership;
        this.tell = tell;
    }

    /** Reads the volume's free space and tells the cluster when this node's side of its reserve changed. */
    void look() {
        try {
            boolean told = membership.lowOnStorage(nodeId) != null;
            long free = reserve.freeBytes().getAsLong();
            // with no reserve (any more) the volume is never low, and a word of an earlier start is taken back
            boolean low = reserve.isLow(free, told);
            // the flag is let go once the word is applied here, so that a slow metadata log is not told twice
            if (low != told && telling.compareAndSet(false, true)) {
                tell.apply(CommandCodec.encode(new CommandCodec.StorageRoom(nodeId, low, free)))
                        .whenComplete((applied, failure) -> telling.set(false));
            }
            unreadable.set(false);
        } catch (RuntimeException e) {
            if (unreadable.compareAndSet(false, true)) {
                LOG.warn("Reading the free space of this node's data volume failed: {}", e.toString());
            }
        }
    }

    /**
     * Why an append to a partition of {@code shard} is refused: a live node that replicates it said its volume is
     * below its reserve; null when none did.
     */
    KafkaStorageException refusalFor(int shard) {
        for (int replica : layout.shard(shard).replicas()) {
            CommandCodec.StorageRoom room = membership.lowOnStorage(replica);
            if (room != null && membership.isLive(replica)) {
                return new KafkaStorageException("Broker " + replica + " replicates this partition and its data volume "
                        + "has " + room.freeBytes() + " bytes free, below the space it keeps in reserve "
                        + "(storage.min.free.bytes)");
            }
        }
        return null;
    }
}
