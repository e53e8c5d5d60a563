package io.hexalog.adapter.replication.ratis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Whether this node must start again to go on following its cluster, and why: what a broker process restarts itself
 * on ({@link RatisNode#whenRestartNeeded}, ADR 18). Two things only a start heals:
 * <ul>
 *     <li>the node refused the metadata leader's snapshot over the metadata it applied, the others having purged
 *     their metadata logs past it ({@link StaleMetadataLog}): needed at once;</li>
 *     <li>one of the node's groups stopped taking entries: Ratis failed a write of its log (a full disk, a failing
 *     device), after which its log worker fails every later write of the group until the node starts again, or
 *     Ratis closed the group after its log worker failed otherwise. The node silently takes none of that group's
 *     entries meanwhile. A start on a disk still full would fail, so this one waits until the data volume has room:
 *     the reserve's worth of free space, and at least {@link #MIN_ROOM_BYTES}; and until each such group is marked
 *     for the start, which then has its leader step down ({@link LostEntries}).</li>
 * </ul>
 *
 * <p>Looked at every half second ({@link #look}) by the node's liveness thread; told by Ratis' threads.
 */
final class RestartNeed {

    /** Marks a group whose member stopped taking entries, for the node's next start ({@link LostEntries}). */
    @FunctionalInterface
    interface Marker {
        void mark() throws IOException;
    }

    /** A group that stopped taking entries on this node: why, and how to mark it. */
    private record Stopped(String why, Marker marker) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RestartNeed.class);
    /** The least free space a node starts again on after a log failed: its stores' and logs' first writes. */
    static final long MIN_ROOM_BYTES = 64L << 20;
    static final String CUT_OFF = "it can catch up with its cluster only by starting again while the other nodes run";

    private final ClusterSettings.StorageReserve reserve;
    private final CompletableFuture<String> needed = new CompletableFuture<>();
    /** The groups that stopped taking entries on this node, by name. */
    private final Map<String, Stopped> stoppedGroups = new ConcurrentHashMap<>();
    /** Whether marking a stopped group failed last time, so that a lasting failure is logged once. */
    private final AtomicBoolean markFailed = new AtomicBoolean();

    RestartNeed(ClusterSettings.StorageReserve reserve) {
        this.reserve = reserve;
    }

    /** The metadata group refused the leader's snapshot over the metadata it applied: a restart is needed now. */
    void cutOffFromMetadata() {
        needed.complete(CUT_OFF);
    }

    /**
     * {@code group} stopped taking entries on this node, for the reason given: a restart is needed once the data
     * volume has room, and the group marked with {@code marker} for it.
     */
    void groupStopped(String group, String why, Marker marker) {
        if (stoppedGroups.putIfAbsent(group, new Stopped(why, marker)) == null) {
            LOG.error("This node takes none of the {} group's entries any more: {}. Only a start of the node heals "
                    + "that, which a broker process does by itself once the data volume has room ({} bytes free at "
                    + "least)", group, why, roomBytes());
        }
        look();
    }

    /** Says a restart is needed if a group stopped taking entries and the data volume has room again. */
    void look() {
        if (stoppedGroups.isEmpty() || needed.isDone()) {
            return;
        }
        long free;
        try {
            free = reserve.freeBytes().getAsLong();
        } catch (RuntimeException e) {
            return; // the storage reserve's own look logs an unreadable volume
        }
        if (free >= roomBytes() && marked()) {
            needed.complete("it takes no more entries of " + stoppedGroups.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(stopped -> "the " + stopped.getKey() + " group (" + stopped.getValue().why() + ")")
                    .collect(Collectors.joining(", ")) + " until it starts again; the data volume has " + free
                    + " bytes free");
        }
    }

    /** The groups that stopped taking entries on this node, by name, in order. */
    List<String> stoppedGroups() {
        return stoppedGroups.keySet().stream().sorted().toList();
    }

    /** Completes, with why, once this node must start again; never for a node that follows its cluster. */
    CompletableFuture<String> whenNeeded() {
        return needed.copy();
    }

    /** Marks every stopped group for the next start; false, to try again at the next look, if one cannot be. */
    private boolean marked() {
        for (Map.Entry<String, Stopped> stopped : stoppedGroups.entrySet()) {
            try {
                stopped.getValue().marker().mark();
            } catch (IOException | RuntimeException e) {
                if (markFailed.compareAndSet(false, true)) {
                    LOG.warn("Could not mark the {} group for this node's next start ({}); trying again before it "
                            + "starts again", stopped.getKey(), e.toString());
                }
                return false;
            }
        }
        return true;
    }

    private long roomBytes() {
        return Math.max(MIN_ROOM_BYTES, reserve.minFreeBytes() + reserve.minFreeBytes() / 16);
    }

}
