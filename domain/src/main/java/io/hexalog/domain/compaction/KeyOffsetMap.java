package io.hexalog.domain.compaction;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The offset of the latest record of each key in the dirty part of a log: what the cleaner keeps. As Kafka's
 * {@code SkimpyOffsetMap}, it holds a 16-byte MD5 hash of each key and an 8-byte offset in one fixed buffer
 * ({@link #ENTRY_BYTES} per slot, open addressing), so its memory is known before a cleaning starts, whatever the
 * keys. Two keys whose hashes are equal would count as one; with MD5 that is as unlikely as Kafka accepts.
 *
 * <p>The map holds at most {@link #capacity()} keys. The first record whose key would be one too many is refused,
 * and so is every record after it: the map then speaks only for the offsets before that record,
 * {@link #endOffset()}, and a cleaning with it stops there (Kafka's cleaner stops at the last offset its full map
 * indexed). Records must be put in offset order. Not thread-safe: one cleaning uses one map at a time.
 *
 * <p>A cleaner keeps one map and {@linkplain #clear clears} it for each cleaning, as Kafka's cleaner thread keeps its
 * offset map: the buffer is allocated again only when a cleaning needs more slots than it has.
 */
public final class KeyOffsetMap {

    /** The offset {@link #latestOffset} answers for a key the map does not hold: below every record's. */
    public static final long ABSENT = -1;
    /** Bytes of a key's hash. */
    public static final int HASH_BYTES = 16;
    /** Bytes of one slot: a key's hash and an offset, as Kafka counts them. */
    public static final int ENTRY_BYTES = HASH_BYTES + Long.BYTES;

    private ByteBuffer slotsBuffer;
    private int slots;
    private int capacity;
    private final MessageDigest md5;
    private final byte[] hash = new byte[HASH_BYTES];
    private final byte[] probed = new byte[HASH_BYTES];
    private int size;
    private long endOffset = Long.MAX_VALUE;

    /**
     * @param slots    how many entries the buffer has room for; it takes {@code slots * ENTRY_BYTES} bytes
     * @param capacity how many keys the map takes at most, at most {@code slots}: fewer leave empty slots, which
     *                 keep lookups short
     */
    public KeyOffsetMap(int slots, int capacity) {
        checkSize(slots, capacity);
        this.slots = slots;
        this.capacity = capacity;
        this.slotsBuffer = ByteBuffer.allocate(slots * ENTRY_BYTES);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has MD5", e);
        }
    }

    /** A map for at most {@code keys} keys, with Kafka's default load factor of 0.9 for its slots. */
    public static KeyOffsetMap forKeys(int keys) {
        return new KeyOffsetMap((int) Math.ceil(keys / DedupeBuffer.DEFAULT_LOAD_FACTOR), keys);
    }

    /**
     * Empties the map for another cleaning, which uses {@code slots} slots and takes at most {@code capacity} keys (as
     * the constructor's). The buffer stays if it has room for that many slots, and only the slots used are zeroed, so
     * that a small cleaning after a large one costs no more than its own map; otherwise a buffer of that size replaces
     * it.
     */
    public void clear(int slots, int capacity) {
        checkSize(slots, capacity);
        int bytes = slots * ENTRY_BYTES;
        if (bytes > slotsBuffer.capacity()) {
            slotsBuffer = null; // the old buffer may go before the new one is allocated
            slotsBuffer = ByteBuffer.allocate(bytes);
        } else {
            Arrays.fill(slotsBuffer.array(), 0, bytes, (byte) 0);
        }
        this.slots = slots;
        this.capacity = capacity;
        this.size = 0;
        this.endOffset = Long.MAX_VALUE;
    }

    /**
     * Notes that {@code key} was written at {@code offset}; a later offset replaces an earlier one.
     *
     * @return false, storing nothing, if the map is full and does not hold the key, or refused a record before:
     *         from then on it speaks only for the offsets before {@link #endOffset()}
     */
    public boolean put(ByteBuffer key, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("An offset is never negative: " + offset);
        }
        if (isFull()) {
            return false;
        }
        int slot = find(key);
        if (slot < 0 || isEmpty(slot)) {
            if (slot < 0 || size == capacity) {
                endOffset = offset;
                return false;
            }
            slotsBuffer.put(slot * ENTRY_BYTES, hash);
            size++;
        }
        int offsetAt = slot * ENTRY_BYTES + HASH_BYTES;
        // offset + 1, so that an empty slot (all zeros) never passes for a key at offset 0
        slotsBuffer.putLong(offsetAt, Math.max(slotsBuffer.getLong(offsetAt), offset + 1));
        return true;
    }

    /** The offset of the latest record of {@code key}, or {@link #ABSENT}. */
    public long latestOffset(ByteBuffer key) {
        int slot = find(key);
        if (slot < 0 || isEmpty(slot)) {
            return ABSENT;
        }
        return slotsBuffer.getLong(slot * ENTRY_BYTES + HASH_BYTES) - 1;
    }

    /** How many keys the map holds. */
    public int size() {
        return size;
    }

    /** How many keys the map takes at most. */
    public int capacity() {
        return capacity;
    }

    /** The bytes the map's slots take. */
    public long sizeInBytes() {
        return (long) slots * ENTRY_BYTES;
    }

    /** The bytes of the buffer the map holds: at least {@link #sizeInBytes()}, more after a larger cleaning. */
    public long allocatedBytes() {
        return slotsBuffer.capacity();
    }

    /** Whether the map refused a record: it speaks only for the offsets before {@link #endOffset()}. */
    public boolean isFull() {
        return endOffset != Long.MAX_VALUE;
    }

    /**
     * The first offset the map does not speak for: that of the first record it refused, or {@link Long#MAX_VALUE}
     * while it refused none.
     */
    public long endOffset() {
        return endOffset;
    }

    /**
     * The slot holding the hash of {@code key}, left in {@link #hash}, or the empty slot where it would go; -1 when
     * every slot holds another key. Linear probing from the slot the hash's first eight bytes name.
     */
    private int find(ByteBuffer key) {
        hashInto(key);
        long first = ByteBuffer.wrap(hash).getLong();
        int start = (int) Long.remainderUnsigned(first, slots);
        for (int probe = 0; probe < slots; probe++) {
            int slot = (start + probe) % slots;
            if (isEmpty(slot)) {
                return slot;
            }
            slotsBuffer.get(slot * ENTRY_BYTES, probed);
            if (Arrays.equals(hash, probed)) {
                return slot;
            }
        }
        return -1;
    }

    private static void checkSize(int slots, int capacity) {
        if (capacity < 1 || capacity > slots) {
            throw new IllegalArgumentException("A key offset map holds between 1 and its " + slots
                    + " slots keys, not " + capacity);
        }
        if ((long) slots * ENTRY_BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A key offset map takes at most 2 GiB: " + slots + " slots");
        }
    }

    private boolean isEmpty(int slot) {
        return slotsBuffer.getLong(slot * ENTRY_BYTES + HASH_BYTES) == 0;
    }

    private void hashInto(ByteBuffer key) {
        md5.update(key.duplicate());
        try {
            md5.digest(hash, 0, HASH_BYTES);
        } catch (DigestException e) {
            throw new IllegalStateException("An MD5 digest is 16 bytes", e);
        }
    }
}
