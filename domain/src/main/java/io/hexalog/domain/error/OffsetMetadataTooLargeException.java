package io.hexalog.domain.error;

/** The metadata committed with an offset is longer than the broker allows (OFFSET_METADATA_TOO_LARGE). */
public final class OffsetMetadataTooLargeException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public OffsetMetadataTooLargeException(String message) {
        super(message);
    }
}
