package io.hexalog.domain.group;

import io.hexalog.domain.error.OffsetMetadataTooLargeException;
import io.hexalog.domain.policy.Decision;

/** How much text may be committed with an offset ({@code offset.metadata.max.bytes}). */
public record OffsetMetadataPolicy(int maxMetadataLength) {

    public static final int KAFKA_DEFAULT = 4096;

    public OffsetMetadataPolicy {
        if (maxMetadataLength < 0) {
            throw new IllegalArgumentException("max metadata length must not be negative: " + maxMetadataLength);
        }
    }

    /**
     * Accepts metadata up to the limit, and none at all ({@code null}); longer metadata is rejected with
     * {@link OffsetMetadataTooLargeException}.
     */
    public Decision check(String metadata) {
        if (metadata != null && metadata.length() > maxMetadataLength) {
            return Decision.reject(new OffsetMetadataTooLargeException("Offset metadata of " + metadata.length()
                    + " characters exceeds the limit of " + maxMetadataLength));
        }
        return Decision.accept();
    }
}
