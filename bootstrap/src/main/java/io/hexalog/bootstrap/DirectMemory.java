package io.hexalog.bootstrap;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/** The JVM's limit on direct memory, and the share of it the memory store may hold unless told otherwise. */
final class DirectMemory {

    /**
     * The memory store's share of the limit by default. The rest is left to Netty's network buffers and to
     * segments the store has given back but the garbage collector has not yet freed.
     */
    static final int MEMORY_STORE_DEFAULT_PERCENT = 50;

    private DirectMemory() {
    }

    /** The default of {@code --memory-max-bytes} ({@code log.memory.max.bytes}). */
    static long memoryStoreDefaultBytes() {
        return limitBytes() / 100 * MEMORY_STORE_DEFAULT_PERCENT;
    }

    /**
     * {@code -XX:MaxDirectMemorySize}, read through the JDK's supported diagnostic bean. Unset (0), the JVM allows
     * as much direct memory as its maximum heap, and so does this answer; so it does on a JVM without the bean.
     */
    static long limitBytes() {
        long configured = 0;
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotSpot != null) {
                configured = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
            }
        } catch (RuntimeException | LinkageError e) {
            configured = 0;
        }
        return configured > 0 ? configured : Runtime.getRuntime().maxMemory();
    }
}
