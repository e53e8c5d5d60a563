package io.hexalog.bootstrap;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the application runs blocking port calls on (topic catalog writes, committed offsets, producer ID
 * blocks), so that event loops never wait on storage: a fixed number of daemon threads named
 * {@code hexalog-storage-N}. As many as Kafka's {@code num.io.threads} default, so that as many groups can
 * commit offsets at once. What ends one of them goes to the handler given (the {@link FatalErrorPolicy}).
 */
final class StorageWorkers implements Executor, AutoCloseable {

    static final int THREADS = 8;
    private static final long DRAIN_SECONDS = 5;

    private final ExecutorService threads;

    StorageWorkers(Thread.UncaughtExceptionHandler uncaught) {
        AtomicInteger count = new AtomicInteger();
        threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "hexalog-storage-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(uncaught);
            return thread;
        });
    }

    @Override
    public void execute(Runnable task) {
        threads.execute(task);
    }

    /**
     * Takes no more work and waits a few seconds for the work under way, so that the storage closed afterwards
     * is not closed under a write.
     */
    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
