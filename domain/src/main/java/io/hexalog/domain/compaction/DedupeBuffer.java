package io.hexalog.domain.compaction;

/**
 * The memory the log cleaner may take for the keys of one cleaning, as Kafka's {@code log.cleaner.dedupe.buffer.size}
 * and {@code log.cleaner.io.buffer.load.factor} bound it: a buffer of {@code sizeBytes} holds
 * {@code sizeBytes / 24} slots ({@link KeyOffsetMap#ENTRY_BYTES}), of which at most {@code loadFactor} are filled.
 * Hexalog runs one cleaner, so the whole buffer is its own (Kafka shares it between {@code log.cleaner.threads}).
 * A cleaning whose dirty part has more distinct keys than that cleans up to the first key that did not fit, and the
 * next goes on from there.
 *
 * @param sizeBytes  the most bytes a cleaning's {@link KeyOffsetMap} takes; as in Kafka, more than 2 GiB is not used
 * @param loadFactor the share of the slots a map fills at most, above 0 and at most 1
 */
public record DedupeBuffer(long sizeBytes, double loadFactor) {

    /** Kafka's {@code log.cleaner.dedupe.buffer.size} default: 128 MiB. */
    public static final long DEFAULT_SIZE_BYTES = 128L * 1024 * 1024;
    /** Kafka's {@code log.cleaner.io.buffer.load.factor} default. */
    public static final double DEFAULT_LOAD_FACTOR = 0.9;
    public static final DedupeBuffer KAFKA_DEFAULTS = new DedupeBuffer(DEFAULT_SIZE_BYTES, DEFAULT_LOAD_FACTOR);

    public DedupeBuffer {
        if (!(loadFactor > 0 && loadFactor <= 1)) {
            throw new IllegalArgumentException("log.cleaner.io.buffer.load.factor must be above 0 and at most 1, was "
                    + loadFactor);
        }
        if (sizeBytes < 0 || slots(sizeBytes) * loadFactor <= 1) {
            // Kafka's words, from its cleaner's start-up check
            throw new IllegalArgumentException("offset map is too small to fit in even a single message, so log "
                    + "cleaning will never make progress. You can increase log.cleaner.dedupe.buffer.size (was "
                    + sizeBytes + ") or log.cleaner.io.buffer.load.factor (was " + loadFactor + ")");
        }
    }

    /** How many entries the buffer has room for. */
    public int slots() {
        return slots(sizeBytes);
    }

    /** How many keys one cleaning indexes at most: Kafka's {@code slots * loadFactor}. */
    public int maxKeys() {
        return (int) (slots() * loadFactor);
    }

    /**
     * The map of one cleaning whose dirty part spans {@code dirtyOffsets} offsets: as small as that many keys need,
     * at most the whole buffer. A dirty part holds at most one key per offset, so a map sized for it never fills.
     */
    public KeyOffsetMap mapFor(long dirtyOffsets) {
        int keys = keysFor(dirtyOffsets);
        return new KeyOffsetMap(slotsFor(keys), keys);
    }

    /**
     * Readies {@code map}, the one map a cleaner keeps from one cleaning to the next (Kafka's cleaner thread clears its
     * offset map rather than allocating another), for a cleaning whose dirty part spans {@code dirtyOffsets} offsets:
     * cleared and sized as {@link #mapFor} sizes a new one. Its buffer grows when the cleaning needs more slots than any
     * before, never beyond this buffer's size.
     *
     * @return {@code map}
     */
    public KeyOffsetMap reuse(KeyOffsetMap map, long dirtyOffsets) {
        int keys = keysFor(dirtyOffsets);
        map.clear(slotsFor(keys), keys);
        return map;
    }

    private int keysFor(long dirtyOffsets) {
        return (int) Math.max(1, Math.min(dirtyOffsets, maxKeys()));
    }

    private int slotsFor(int keys) {
        if (keys >= maxKeys()) {
            return slots();
        }
        return (int) Math.min(slots(), Math.max(keys, (long) Math.ceil(keys / loadFactor)));
    }

    private static int slots(long sizeBytes) {
        return (int) (Math.min(sizeBytes, Integer.MAX_VALUE) / KeyOffsetMap.ENTRY_BYTES);
    }
}
