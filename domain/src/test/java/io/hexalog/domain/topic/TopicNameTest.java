package io.hexalog.domain.topic;

import io.hexalog.domain.error.InvalidTopicException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "a", "Orders.v2", "my_topic", "my-topic", "0", "...", "._-", "__consumer_offsets"})
    void shouldAcceptLegalNames(String name) {
        assertThat(TopicName.of(name).value()).isEqualTo(name);
    }

    @Test
    void shouldAcceptNameOfExactly249Characters() {
        String name = "t".repeat(249);

        assertThat(TopicName.of(name).value()).hasSize(TopicName.MAX_LENGTH);
    }

    @Test
    void shouldRejectNameOf250Characters() {
        assertThatThrownBy(() -> TopicName.of("t".repeat(250))).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void shouldRejectEmptyName() {
        assertThatThrownBy(() -> TopicName.of("")).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void shouldRejectMissingName() {
        assertThatThrownBy(() -> TopicName.of(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void shouldRejectDotAndDotDot(String name) {
        assertThatThrownBy(() -> TopicName.of(name)).isInstanceOf(InvalidTopicException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "slash/topic", "colon:topic", "star*", "ümlaut", "tab\t", "new\nline", "comma,"})
    void shouldRejectIllegalCharacters(String name) {
        assertThatThrownBy(() -> TopicName.of(name)).isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void shouldCollideWhenNamesDifferOnlyInDotAndUnderscore() {
        assertThat(TopicName.of("metrics.cpu").collidesWith(TopicName.of("metrics_cpu"))).isTrue();
        assertThat(TopicName.of("a_b.c").collidesWith(TopicName.of("a.b_c"))).isTrue();
    }

    @Test
    void shouldNotCollideWithItself() {
        assertThat(TopicName.of("metrics.cpu").collidesWith(TopicName.of("metrics.cpu"))).isFalse();
    }

    @Test
    void shouldNotCollideWhenNamesDifferOtherwise() {
        assertThat(TopicName.of("metrics.cpu").collidesWith(TopicName.of("metrics-cpu"))).isFalse();
        assertThat(TopicName.of("metrics.cpu").collidesWith(TopicName.of("metrics.CPU"))).isFalse();
    }

    @Test
    void shouldOrderByName() {
        assertThat(TopicName.of("a")).isLessThan(TopicName.of("b"));
        assertThat(TopicName.of("orders")).hasToString("orders");
    }
}
