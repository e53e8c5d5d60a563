package io.hexalog.domain.group.consumer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumer protocol's Subscription and Assignment, as classic consumers write and read them. */
class EmbeddedConsumerProtocolTest {

    @Test
    void shouldReadTheTopicsAndOwnedPartitionsOfASubscription() {
        byte[] bytes = ClassicConsumers.subscription(List.of("orders", "payments"), Map.of("orders", List.of(2, 0)));

        EmbeddedConsumerProtocol.Subscription subscription = EmbeddedConsumerProtocol.subscription(bytes);

        assertThat(subscription.version()).isEqualTo((short) 1);
        assertThat(subscription.topics()).containsExactly("orders", "payments");
        assertThat(subscription.owned()).isEqualTo(Map.of("orders", Set.of(0, 2)));
        assertThat(subscription.rackId()).isEmpty();
    }

    @Test
    void shouldReadTheRackOfAVersionThreeSubscription() {
        byte[] bytes = {0, 3, 0, 0, 0, 1, 0, 1, 'a', -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 2, 'r', '1'};

        EmbeddedConsumerProtocol.Subscription subscription = EmbeddedConsumerProtocol.subscription(bytes);

        assertThat(subscription.topics()).containsExactly("a");
        assertThat(subscription.owned()).isEmpty();
        assertThat(subscription.rackId()).contains("r1");
    }

    @Test
    void shouldRefuseASubscriptionThatEndsTooEarly() {
        byte[] bytes = ClassicConsumers.subscription(List.of("orders"), Map.of("orders", List.of(1)));

        assertThatThrownBy(() -> EmbeddedConsumerProtocol.subscription(Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedConsumerProtocol.subscription(new byte[] {0, 0, 127, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldWriteAnAssignmentTheClientReadsBackInTheSubscriptionsVersion() {
        byte[] bytes = EmbeddedConsumerProtocol.assignment(Map.of("orders", Set.of(1, 4)), (short) 1);

        assertThat(bytes[1]).isEqualTo((byte) 1);
        assertThat(EmbeddedConsumerProtocol.assignment(bytes)).isEqualTo(Map.of("orders", Set.of(1, 4)));
        assertThat(EmbeddedConsumerProtocol.assignment(ClassicConsumers.assignment(Map.of("a", List.of(3)))))
                .isEqualTo(Map.of("a", Set.of(3)));
        assertThat(EmbeddedConsumerProtocol.assignment(new byte[0])).isEmpty();
        assertThat(EmbeddedConsumerProtocol.assignment(Map.of(), (short) 9)[1]).as("capped at version 3").isEqualTo((byte) 3);
    }
}
