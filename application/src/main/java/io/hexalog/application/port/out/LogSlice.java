package io.hexalog.application.port.out;

import io.hexalog.domain.log.RecordBatch;

import java.util.List;

/** Whole batches read from a log, in offset order. */
public record LogSlice(List<RecordBatch> batches) {

    public static final LogSlice EMPTY = new LogSlice(List.of());

    public LogSlice {
        batches = List.copyOf(batches);
    }

    public int sizeInBytes() {
        int size = 0;
        for (RecordBatch batch : batches) {
            size += batch.sizeInBytes();
        }
        return size;
    }

    public boolean isEmpty() {
        return batches.isEmpty();
    }
}
