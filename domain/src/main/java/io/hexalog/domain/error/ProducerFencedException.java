package io.hexalog.domain.error;

/** A producer used an epoch older than its transactional ID's current one: a newer instance fenced it (PRODUCER_FENCED). */
public final class ProducerFencedException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message) {
        super(message);
    }
}
