package io.hexalog.adapter.http.admin;

import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The partitions of a consumer protocol assignment, in every version that shares the v0 layout. */
class ConsumerAssignmentTest {

    @ParameterizedTest(name = "version {0}")
    @ValueSource(shorts = {0, 1, 2, 3})
    void shouldReadTheAssignedPartitionsOfEachVersion(short version) throws IOException {
        byte[] assignment = assignment(version);

        assertThat(ConsumerAssignment.partitions(assignment)).containsExactly(
                new TopicPartition(TopicName.of("orders"), 0), new TopicPartition(TopicName.of("orders"), 2),
                new TopicPartition(TopicName.of("audit"), 1));
    }

    @Test
    void shouldAssignNothingForEmptyOrCutOffBytes() throws IOException {
        byte[] whole = assignment((short) 1);

        assertThat(ConsumerAssignment.partitions(new byte[0])).isEmpty();
        assertThat(ConsumerAssignment.partitions(Arrays.copyOf(whole, 9))).isEmpty();
    }

    private static byte[] assignment(short version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(version);
        out.writeInt(2);
        writeTopic(out, "orders", 0, 2);
        writeTopic(out, "audit", 1);
        out.writeInt(3); // user data
        out.write(new byte[] {1, 2, 3});
        return bytes.toByteArray();
    }

    private static void writeTopic(DataOutputStream out, String topic, int... partitions) throws IOException {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        out.writeShort(name.length);
        out.write(name);
        out.writeInt(partitions.length);
        for (int partition : partitions) {
            out.writeInt(partition);
        }
    }
}
