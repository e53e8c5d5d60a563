package io.hexalog.application.port.in;

import io.hexalog.domain.log.ReadBufferUsage;

/** How full the memory the storage reads into is, for metrics: the RocksDB read pool's gauges. */
public interface ReadBufferUsageQuery {

    /**
     * The storage's read buffers now; {@link ReadBufferUsage#NONE} for a storage whose reads own no memory. Cheap,
     * never blocks, callable from any thread.
     */
    ReadBufferUsage readBufferUsage();
}
