package io.hexalog.application.port.in;

/** An idempotent producer's identity. */
public record ProducerIdAndEpoch(long producerId, short epoch) {

    public ProducerIdAndEpoch {
        if (producerId < 0 || epoch < 0) {
            throw new IllegalArgumentException("producer id and epoch must not be negative: " + producerId + "/" + epoch);
        }
    }
}
