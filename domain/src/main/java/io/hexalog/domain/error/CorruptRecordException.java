package io.hexalog.domain.error;

/** A record batch failed validation: bad magic, bad CRC-32C, inconsistent length or record count. */
public final class CorruptRecordException extends HexalogException {

    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }
}
