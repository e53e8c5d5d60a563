package io.hexalog.adapter.protocol.kafka;

/**
 * A handler's way of saying that the connection must be closed instead of answered. Kafka does this when a
 * Produce with acks=0 fails: the producer gets no response to read an error from, and a closed connection
 * makes it refresh its metadata.
 */
final class CloseConnectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CloseConnectionException(String reason) {
        super(reason, null, false, false);
    }
}
