package io.hexalog.domain.transaction;

/**
 * A producer ID with one of its epochs: what InitProducerId grants and every transactional request names.
 * The epoch -1 stands for "none yet", as on the wire.
 */
public record ProducerIdentity(long producerId, short epoch) {

    public ProducerIdentity {
        if (producerId < 0 || epoch < -1) {
            throw new IllegalArgumentException("not a producer ID and epoch: " + producerId + "/" + epoch);
        }
    }

    @Override
    public String toString() {
        return producerId + "/" + epoch;
    }
}
