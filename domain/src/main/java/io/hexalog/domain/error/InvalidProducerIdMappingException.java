package io.hexalog.domain.error;

/** A transactional ID is unknown, or is held by another producer ID than the request names (INVALID_PRODUCER_ID_MAPPING). */
public final class InvalidProducerIdMappingException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public InvalidProducerIdMappingException(String message) {
        super(message);
    }
}
