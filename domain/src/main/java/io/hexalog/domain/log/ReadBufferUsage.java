package io.hexalog.domain.log;

/**
 * How much of the memory a store lends to its reads' {@linkplain LogSlice slices} is taken, at one moment: a
 * store that reads into a bounded pool of buffers (RocksDB copies values into direct buffers the socket sends
 * from) says how full the pool is, and how often a read found it full and copied its batches to the heap
 * instead. A store that lends no memory reports {@link #NONE}.
 *
 * @param capacityBytes  the most bytes the pool may ever allocate; 0 for no pool
 * @param buffers        buffers allocated so far (allocated when first needed, kept for reuse)
 * @param buffersInUse   buffers of which some bytes are lent to a slice not yet released, or a read is copying into
 * @param bytesInUse     bytes of batches lent to slices not yet released
 * @param heapFallbacks  batches copied to the heap since the store opened, because no buffer had room for them (the
 *                       pool was full, absent, or the batch larger than a buffer)
 */
public record ReadBufferUsage(long capacityBytes, int buffers, int buffersInUse, long bytesInUse,
                              long heapFallbacks) {

    /** A store that lends no memory of its own to reads. */
    public static final ReadBufferUsage NONE = new ReadBufferUsage(0, 0, 0, 0, 0);

    public ReadBufferUsage {
        if (capacityBytes < 0 || buffers < 0 || buffersInUse < 0 || bytesInUse < 0 || heapFallbacks < 0) {
            throw new IllegalArgumentException("read buffer figures are never negative: capacity " + capacityBytes
                    + ", buffers " + buffers + ", in use " + buffersInUse + ", bytes in use " + bytesInUse
                    + ", heap fallbacks " + heapFallbacks);
        }
        if (buffersInUse > buffers) {
            throw new IllegalArgumentException(buffersInUse + " buffers in use of only " + buffers + " allocated");
        }
    }
}
