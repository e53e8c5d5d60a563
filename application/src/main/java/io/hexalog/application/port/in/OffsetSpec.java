package io.hexalog.application.port.in;

/** What a ListOffsets lookup asks for. */
public sealed interface OffsetSpec {

    /** The log start offset. */
    record Earliest() implements OffsetSpec {
    }

    /** The high watermark (or last stable offset for read-committed readers). */
    record Latest() implements OffsetSpec {
    }

    /** The record with the greatest timestamp (KIP-734). */
    record MaxTimestamp() implements OffsetSpec {
    }

    /** The first record whose timestamp is at or after {@code timestamp}; not negative. */
    record ForTimestamp(long timestamp) implements OffsetSpec {
        public ForTimestamp {
            if (timestamp < 0) {
                throw new IllegalArgumentException("timestamp must not be negative: " + timestamp);
            }
        }
    }

    /** An offset in tiered storage; this broker has none, so there is never such an offset. */
    record Tiered() implements OffsetSpec {
    }
}
