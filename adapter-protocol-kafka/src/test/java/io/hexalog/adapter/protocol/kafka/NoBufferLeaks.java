package io.hexalog.adapter.protocol.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test class after which Netty's leak detector reported a buffer collected without being released. Netty
 * finds a leak only once the buffer has been garbage collected and another is allocated, so this collects, then
 * allocates. Registered for every test class of the module (junit-platform.properties).
 */
public final class NoBufferLeaks implements AfterAllCallback {

    private static final int ALLOCATIONS_TO_POLL = 16;

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED) {
            return;
        }
        System.gc();
        Thread.sleep(20); // the collected buffers' references are queued by another thread
        for (int i = 0; i < ALLOCATIONS_TO_POLL; i++) {
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
        }
        List<String> leaks = new ArrayList<>(RecordingLeakDetector.LEAKS);
        RecordingLeakDetector.LEAKS.clear();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffers leaked in or before "
                    + context.getDisplayName() + ": " + leaks.get(0));
        }
    }
}
