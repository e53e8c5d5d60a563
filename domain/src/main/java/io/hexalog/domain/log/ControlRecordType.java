package io.hexalog.domain.log;

/**
 * What a control record says, stored in its key after the key's version (Kafka's {@code ControlRecordType}):
 * a transaction marker is ABORT (0) or COMMIT (1).
 */
public enum ControlRecordType {
    ABORT((short) 0), COMMIT((short) 1);

    private final short id;

    ControlRecordType(short id) {
        this.id = id;
    }

    public short id() {
        return id;
    }
}
