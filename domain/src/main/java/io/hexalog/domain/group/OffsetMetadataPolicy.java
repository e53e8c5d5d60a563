package io.hexalog.domain.group;

import io.hexalog.domain.error.OffsetMetadataTooLargeException;

/** How much text may be committed with an offset ({@code offset.metadata.max.bytes}). */
public record OffsetMetadataPolicy(int maxMetadataLength) {

    public static final int KAFKA_DEFAULT = 4096;

    public OffsetMetadataPolicy {
        if (maxMetadataLength < 0) {
            throw new IllegalArgumentException("max metadata length must not be negative: " + maxMetadataLength);
        }
    }

    /** @throws OffsetMetadataTooLargeException if the metadata is longer than allowed */
    public void check(String metadata) {
        if (metadata != null && metadata.length() > maxMetadataLength) {
            throw new OffsetMetadataTooLargeException("Offset metadata of " + metadata.length()
                    + " characters exceeds the limit of " + maxMetadataLength);
        }
    }
}
