package io.hexalog.bootstrap;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/** Cluster IDs in Kafka's form: a random UUID as 22 characters of URL-safe base64. */
final class ClusterIds {

    private ClusterIds() {
    }

    static String random() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
