package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The body of {@code POST .../topics/{topic_name}/records:batch}: Confluent's {@code ProduceBatchRequest}. */
record ProduceBatchRequest(List<Entry> entries) {

    static final int MAX_ID_LENGTH = 80;

    ProduceBatchRequest {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("entries must hold at least one record");
        }
        entries = List.copyOf(entries);
        Set<String> ids = new HashSet<>();
        for (Entry entry : entries) {
            if (!ids.add(entry.id())) {
                throw new IllegalArgumentException("entries[].id " + entry.id() + " is given twice");
            }
        }
    }

    /** One record of the batch, named by an ID the answer repeats. */
    record Entry(String id, Integer partitionId, List<ProduceRecordRequest.HeaderData> headers, RecordContent key,
                 RecordContent value, JsonNode timestamp) {

        Entry {
            if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
                throw new IllegalArgumentException("entries[].id is required, 1 to " + MAX_ID_LENGTH + " characters");
            }
        }

        ProduceRecordRequest record() {
            return new ProduceRecordRequest(partitionId, headers, key, value, timestamp);
        }
    }
}
