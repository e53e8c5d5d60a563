package io.hexalog.domain.log;

import java.util.List;

/** Whole batches read from a partition log, in offset order: what a fetch returns of one partition. */
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
