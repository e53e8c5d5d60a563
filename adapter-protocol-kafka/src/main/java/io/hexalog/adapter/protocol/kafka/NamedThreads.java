package io.hexalog.adapter.protocol.kafka;

import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the listener's threads for what they do ({@code hexalog-network-1}, {@code hexalog-network-acceptor}),
 * so that a thread dump or a log line tells them apart; Netty's own names say only which group they are in.
 */
final class NamedThreads implements ThreadFactory {

    private final String name;
    private final boolean numbered;
    private final AtomicInteger count = new AtomicInteger();

    private NamedThreads(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    static NamedThreads numbered(String prefix) {
        return new NamedThreads(prefix, true);
    }

    /** A single thread named {@code name}. */
    static NamedThreads single(String name) {
        return new NamedThreads(name, false);
    }

    @Override
    public Thread newThread(Runnable task) {
        // Netty's FastThreadLocalThread lets its thread-local caches skip the JDK's ThreadLocal map.
        return new FastThreadLocalThread(task, numbered ? name + "-" + count.incrementAndGet() : name);
    }
}
