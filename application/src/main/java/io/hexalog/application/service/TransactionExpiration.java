package io.hexalog.application.service;

import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.transaction.TransactionMetadata;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The coordinator's background work, every {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}:
 * aborts the transactions open longer than their timeout (which fences their producers) and forgets the
 * transactional IDs unused for {@code transactional.id.expiration.ms}. It also makes a broker that has just
 * become coordinator load the transactions and complete those that were decided, even if no producer asks.
 */
final class TransactionExpiration {

    private final TransactionCoordinator coordinator;
    private final Duration expiration;
    private final Clock clock;
    private final Executor blocking;
    private final RepeatingCheck check;

    TransactionExpiration(TransactionCoordinator coordinator, TransactionCoordinatorConfig settings, Clock clock,
                          Scheduler scheduler, Executor blocking) {
        this.coordinator = coordinator;
        this.expiration = settings.transactionalIdExpiration();
        this.clock = clock;
        this.blocking = blocking;
        this.check = new RepeatingCheck(scheduler, settings.abortTimedOutInterval(), this::runOnce);
    }

    void start() {
        check.start();
    }

    void stop() {
        check.stop();
    }

    /** One pass over the transactions; completes when every abort and removal it started is done. */
    CompletableFuture<Void> runOnce() {
        return CompletableFuture.supplyAsync(coordinator::coordinated, blocking).thenCompose(transactions -> {
            long now = clock.millis();
            List<CompletableFuture<Void>> changes = new ArrayList<>();
            for (TransactionMetadata metadata : transactions) {
                if (metadata.hasTimedOut(now)) {
                    changes.add(coordinator.abortIfTimedOut(metadata.transactionalId()));
                } else if (metadata.hasExpired(now, expiration.toMillis())) {
                    changes.add(coordinator.removeIfExpired(metadata.transactionalId(), expiration));
                }
            }
            return CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new));
        });
    }
}
