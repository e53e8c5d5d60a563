package io.hexalog.application.service;

import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.cluster.ReplicatedCommand.AdvanceLogStartOffset;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies the retention policy of every partition this broker leads, in the background, one check every interval
 * ({@code log.retention.check.interval.ms}), as Kafka's log manager does: batches too old or beyond the size limit
 * leave the head of the log and the log start offset moves past them. The leader decides where the log starts and
 * submits that to the replicated log, as DeleteRecords does, so every replica drops the same batches at the same
 * point of its log; a follower never cuts its copy on its own. A check that fails for one partition is reported and
 * the others go on; the next check comes one interval after the previous ended.
 */
public final class LogRetentionService {

    private static final System.Logger LOG = System.getLogger(LogRetentionService.class.getName());

    private final PartitionRegistry partitions;
    private final ReplicatedLog log;
    private final Clock clock;
    private final RepeatingCheck checks;

    public LogRetentionService(PartitionRegistry partitions, ReplicatedLog log, Scheduler scheduler, Clock clock,
                               Duration checkInterval) {
        this.partitions = partitions;
        this.log = log;
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
     * Checks every partition this broker leads once, now.
     *
     * @return completes with the number of partitions whose log start offset moved
     */
    public CompletableFuture<Integer> checkNow() {
        long now = clock.millis();
        AtomicInteger moved = new AtomicInteger();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Partition partition : partitions.led()) {
            chain = chain.thenCompose(ignored -> applyRetention(partition, now)
                    .thenAccept(didMove -> {
                        if (didMove) {
                            moved.incrementAndGet();
                        }
                    }));
        }
        return chain.thenApply(ignored -> moved.get());
    }

    private CompletableFuture<Boolean> applyRetention(Partition partition, long now) {
        CompletableFuture<Boolean> applied;
        try {
            applied = partition.retentionCutPoint(now).thenCompose(cut -> cut.isEmpty()
                    ? CompletableFuture.completedFuture(false)
                    : log.submit(new AdvanceLogStartOffset(partition.id(), cut.getAsLong()))
                            .thenApply(moved -> reportCut(partition, cut.getAsLong(), moved)));
        } catch (RuntimeException e) {
            applied = CompletableFuture.failedFuture(e);
        }
        return applied.exceptionally(failure -> {
            LOG.log(System.Logger.Level.WARNING, "Retention of " + partition.id() + " failed: " + failure);
            return false;
        });
    }

    private static boolean reportCut(Partition partition, long cut, boolean moved) {
        if (moved) {
            var policy = partition.config().retentionPolicy();
            LOG.log(System.Logger.Level.INFO, "Retention deleted the batches of {0} before offset {1} "
                            + "(retention.ms={2}, retention.bytes={3})", partition.id(), Long.toString(cut),
                    Long.toString(policy.retentionMs()), Long.toString(policy.retentionBytes()));
        }
        return moved;
    }
}
