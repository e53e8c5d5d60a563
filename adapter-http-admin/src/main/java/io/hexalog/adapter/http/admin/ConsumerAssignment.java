package io.hexalog.adapter.http.admin;

import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the partitions out of a member's assignment in a group of protocol type {@code consumer}: the
 * consumer protocol's {@code ConsumerProtocolAssignment}, versions 0 to 3, which share their leading fields
 * (a version, then topics with their partitions, then user data this reader ignores). A newer version is read
 * the same way, as Kafka reads it. Bytes that do not parse assign nothing.
 */
final class ConsumerAssignment {

    static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private ConsumerAssignment() {
    }

    /** The partitions assigned, in the order the assignment lists them; none for empty or unreadable bytes. */
    static List<TopicPartition> partitions(byte[] assignment) {
        if (assignment.length == 0) {
            return List.of();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(assignment);
            short version = in.getShort();
            if (version < 0) {
                return List.of();
            }
            int topics = in.getInt();
            List<TopicPartition> partitions = new ArrayList<>();
            for (int t = 0; t < topics; t++) {
                TopicName topic = TopicName.of(readString(in));
                int count = in.getInt();
                for (int p = 0; p < count; p++) {
                    partitions.add(new TopicPartition(topic, in.getInt()));
                }
            }
            return partitions;
        } catch (BufferUnderflowException | IllegalArgumentException | HexalogException e) {
            return List.of();
        }
    }

    private static String readString(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            throw new IllegalArgumentException("a topic name is null");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
