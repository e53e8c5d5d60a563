package io.hexalog.adapter.http.admin;

import java.util.List;

/**
 * The answer to {@code records:batch}, Confluent's {@code ProduceBatchResponse}: each entry either among the
 * successes, with where it landed, or among the failures, with the error it met.
 */
record ProduceBatchResponse(List<Success> successes, List<Failure> failures) {

    ProduceBatchResponse {
        successes = List.copyOf(successes);
        failures = List.copyOf(failures);
    }

    record Success(String id, String clusterId, String topicName, int partitionId, long offset, String timestamp,
                   ProduceResponse.Size key, ProduceResponse.Size value) {

        static Success of(String id, ProduceResponse produced) {
            return new Success(id, produced.clusterId(), produced.topicName(), produced.partitionId(),
                    produced.offset(), produced.timestamp(), produced.key(), produced.value());
        }
    }

    record Failure(String id, int errorCode, String message) {
    }
}
