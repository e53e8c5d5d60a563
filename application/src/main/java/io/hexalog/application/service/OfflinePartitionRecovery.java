package io.hexalog.application.service;

import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.Scheduler;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Brings partitions that a failed write took offline back online once the store takes writes again, so
 * that a disk that filled up and was given space back needs no restart. Every {@link #CHECK_INTERVAL}, if a
 * partition is offline, it asks the store whether it is writable; if it is, each offline partition is
 * reloaded from what the store holds, on the executor for blocking work. Kafka keeps a failed log directory
 * offline until the broker restarts; a store that says it recovered is trusted here instead.
 */
final class OfflinePartitionRecovery {

    /** How often offline partitions are checked: often enough that clients barely notice, cheap when none is. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(OfflinePartitionRecovery.class.getName());

    private final PartitionRegistry partitions;
    private final PartitionLogStore store;
    private final Executor blocking;
    private final RepeatingCheck checks;

    /** @param blocking where partitions are reloaded from the store */
    OfflinePartitionRecovery(PartitionRegistry partitions, PartitionLogStore store, Scheduler scheduler,
                             Executor blocking) {
        this.partitions = partitions;
        this.store = store;
        this.blocking = blocking;
        this.checks = new RepeatingCheck(scheduler, CHECK_INTERVAL, this::checkNow);
    }

    /** Schedules the first check one interval from now, and each following one after the previous ended. */
    void start() {
        checks.start();
    }

    void stop() {
        checks.stop();
    }

    /**
     * Checks once, now.
     *
     * @return completes with the number of partitions brought back online
     */
    CompletableFuture<Integer> checkNow() {
        if (partitions.offline().isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return store.checkWritable()
                .thenApplyAsync(writable -> writable ? bringOnline(partitions.offline()) : 0, blocking);
    }

    private static int bringOnline(Collection<Partition> offline) {
        int broughtBack = 0;
        for (Partition partition : offline) {
            try {
                if (partition.bringOnline()) {
                    broughtBack++;
                    LOG.log(System.Logger.Level.INFO, "Partition " + partition.id()
                            + " is back online: storage takes writes again");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Partition " + partition.id() + " stays offline: " + e);
            }
        }
        return broughtBack;
    }
}
