package io.hexalog.domain.topic;

import io.hexalog.domain.error.PolicyViolationException;
import org.junit.jupiter.api.Test;

import static io.hexalog.domain.policy.DecisionAssertions.assertAccepted;
import static io.hexalog.domain.policy.DecisionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionCountPolicyTest {

    private final PartitionCountPolicy policy = new PartitionCountPolicy(100);

    @Test
    void shouldAcceptARequestOfExactlyKafkasTenThousandPartitions() {
        assertAccepted(policy.checkRequest(10_000));
    }

    @Test
    void shouldRejectARequestOfOneMorePartitionWithKafkasPolicyViolation() {
        assertRejected(policy.checkRequest(10_001), PolicyViolationException.class)
                .hasMessage("Excessively large number of partitions per request.");
    }

    @Test
    void shouldRejectARequestWhoseTotalOverflowsAnInt() {
        assertRejected(policy.checkRequest(3L * Integer.MAX_VALUE), PolicyViolationException.class);
    }

    @Test
    void shouldAcceptPartitionsThatFillTheBrokerExactly() {
        assertAccepted(policy.checkBroker(90, 10));
    }

    @Test
    void shouldRejectOnePartitionOverTheBrokerLimitNamingTheLimitAndItsKey() {
        assertRejected(policy.checkBroker(90, 11), PolicyViolationException.class)
                .hasMessage("Creating 11 partition(s) would bring this broker to 101 partitions, above its limit"
                        + " of 100 (max.broker.partitions).");
    }

    @Test
    void shouldRefuseALimitBelowOnePartition() {
        assertThatThrownBy(() -> new PartitionCountPolicy(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
