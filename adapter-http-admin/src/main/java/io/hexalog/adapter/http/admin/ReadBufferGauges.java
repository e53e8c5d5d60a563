package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.ReadBufferUsageQuery;
import io.hexalog.domain.log.ReadBufferUsage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * The storage's read buffers (RocksDB's read pool, {@code log.rocksdb.read.pool.bytes}): how much of it is
 * allocated and lent to fetches not yet sent, and how many batches were read to the heap because it had no room.
 * Hexalog's own metrics, Kafka has no such pool; read once per scrape, so that the figures of one scrape agree.
 */
final class ReadBufferGauges {

    static final String CAPACITY = "hexalog.log.readpool.capacity.bytes";
    static final String ALLOCATED = "hexalog.log.readpool.allocated.buffers";
    static final String BUFFERS_IN_USE = "hexalog.log.readpool.used.buffers";
    static final String BYTES_IN_USE = "hexalog.log.readpool.used.bytes";
    static final String HEAP_FALLBACKS = "hexalog.log.readpool.heap.fallbacks";

    private final ReadBufferUsageQuery query;
    private volatile ReadBufferUsage usage = ReadBufferUsage.NONE;

    ReadBufferGauges(MeterRegistry registry, ReadBufferUsageQuery query) {
        this.query = query;
        gauge(registry, CAPACITY, "Direct memory the storage's reads may copy batches into", ReadBufferUsage::capacityBytes);
        gauge(registry, ALLOCATED, "Read buffers allocated so far, kept for reuse", ReadBufferUsage::buffers);
        gauge(registry, BUFFERS_IN_USE, "Read buffers holding batches of fetches not yet sent",
                ReadBufferUsage::buffersInUse);
        gauge(registry, BYTES_IN_USE, "Bytes of read buffers holding batches of fetches not yet sent",
                ReadBufferUsage::bytesInUse);
        FunctionCounter.builder(HEAP_FALLBACKS, this, gauges -> gauges.usage.heapFallbacks())
                .description("Batches read to the heap because no read buffer had room for them").register(registry);
    }

    /** Reads the buffers' figures for this scrape. */
    void refresh() {
        usage = query.readBufferUsage();
    }

    private void gauge(MeterRegistry registry, String name, String description,
                       ToDoubleFunction<ReadBufferUsage> figure) {
        Gauge.builder(name, this, gauges -> figure.applyAsDouble(gauges.usage)).description(description)
                .register(registry);
    }
}
