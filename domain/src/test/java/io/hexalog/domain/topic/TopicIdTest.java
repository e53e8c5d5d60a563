package io.hexalog.domain.topic;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TopicIdTest {

    @RepeatedTest(5)
    void shouldNeverGenerateTheZeroId() {
        for (int i = 0; i < 10_000; i++) {
            TopicId id = TopicId.random();
            assertThat(id.isNone()).isFalse();
            assertThat(id.uuid().getMostSignificantBits()).isNotZero();
        }
    }

    @Test
    void shouldNeverGenerateAnIdWhoseBase64FormStartsWithADash() {
        for (int i = 0; i < 20_000; i++) {
            assertThat(base64(TopicId.random().uuid())).doesNotStartWith("-");
        }
    }

    @Test
    void shouldGenerateDistinctIds() {
        Set<TopicId> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(TopicId.random());
        }
        assertThat(ids).hasSize(1_000);
    }

    @Test
    void shouldRecogniseTheNoneId() {
        assertThat(TopicId.NONE.isNone()).isTrue();
        assertThat(new TopicId(new UUID(0, 0)).isNone()).isTrue();
    }

    /** Kafka prints topic IDs in URL-safe base64 without padding. */
    private static String base64(UUID uuid) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
