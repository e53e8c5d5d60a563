package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies every partition's retention policy in the background, one check every interval
 * ({@code log.retention.check.interval.ms}), as Kafka's log manager does: batches too old or beyond the
 * size limit leave the head of the log and the log start offset moves past them. A check that fails for one
 * partition is reported and the others go on; the next check comes one interval after the previous ended.
 */
public final class LogRetentionService {

    private static final System.Logger LOG = System.getLogger(LogRetentionService.class.getName());

    private final PartitionRegistry partitions;
    private final Clock clock;
    private final RepeatingCheck checks;

    public LogRetentionService(PartitionRegistry partitions, Scheduler scheduler, Clock clock, Duration checkInterval) {
        this.partitions = partitions;
        this.clock = clock;
        this.checks = new RepeatingCheck(scheduler, checkInterval, this::checkNow);
    }

    /** Schedules the first check one interval from now, and each following one after the previous. */
    public void start() {
        checks.start();
    }

    public void stop() {
        checks.stop();
    }

    /**
     * Checks every partition once, now.
     *
     * @return completes with the number of partitions whose log start offset moved
     */
    public CompletableFuture<Integer> checkNow() {
        long now = clock.millis();
        AtomicInteger moved = new AtomicInteger();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Partition partition : partitions.all()) {
            chain = chain.thenCompose(ignored -> applyRetention(partition, now)
                    .thenAccept(didMove -> {
                        if (didMove) {
                            moved.incrementAndGet();
                        }
                    }));
        }
        return chain.thenApply(ignored -> moved.get());
    }

    private static CompletableFuture<Boolean> applyRetention(Partition partition, long now) {
        CompletableFuture<Boolean> applied;
        try {
            applied = partition.applyRetention(now);
        } catch (RuntimeException e) {
            applied = CompletableFuture.failedFuture(e);
        }
        return applied.exceptionally(failure -> {
            LOG.log(System.Logger.Level.WARNING, "Retention of " + partition.id() + " failed: " + failure);
            return false;
        });
    }
}
