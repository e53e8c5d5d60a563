package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.domain.error.InvalidProducerIdMappingException;
import org.apache.kafka.common.protocol.Errors;

/**
 * What the transaction APIs share: the producer a request names, and the error an older client understands.
 * PRODUCER_FENCED came with KIP-588; a client speaking a version from before it is told INVALID_PRODUCER_EPOCH,
 * which it treats the same way, as Kafka's brokers do.
 */
final class TransactionErrors {

    private TransactionErrors() {
    }

    /**
     * The error to send at {@code version}.
     *
     * @param firstFencedVersion the API's first version that knows PRODUCER_FENCED
     */
    static Errors forVersion(Errors error, short version, int firstFencedVersion) {
        return error == Errors.PRODUCER_FENCED && version < firstFencedVersion ? Errors.INVALID_PRODUCER_EPOCH : error;
    }

    /** The error of a failure at {@code version}. */
    static Errors of(Throwable failure, short version, int firstFencedVersion) {
        return forVersion(ErrorMapping.toError(failure), version, firstFencedVersion);
    }

    /**
     * The producer a request names.
     *
     * @throws InvalidProducerIdMappingException for a negative ID or epoch, which no producer holds
     */
    static ProducerIdAndEpoch producer(long producerId, short epoch) {
        if (producerId < 0 || epoch < 0) {
            throw new InvalidProducerIdMappingException("No transactional producer has ID " + producerId
                    + " and epoch " + epoch);
        }
        return new ProducerIdAndEpoch(producerId, epoch);
    }
}
