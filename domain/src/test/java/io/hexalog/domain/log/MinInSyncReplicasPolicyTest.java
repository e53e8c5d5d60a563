package io.hexalog.domain.log;

import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.hexalog.domain.policy.DecisionAssertions.assertAccepted;
import static io.hexalog.domain.policy.DecisionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MinInSyncReplicasPolicyTest {

    @Test
    void shouldTakeAnAppendWhileAsManyReplicasAsRequiredAreInSync() {
        assertAccepted(new MinInSyncReplicasPolicy(2).checkAppend("orders-0", 3, 2));
        assertAccepted(new MinInSyncReplicasPolicy(2).checkAppend("orders-0", 3, 3));
    }

    @Test
    void shouldRefuseAnAppendWithNotEnoughReplicasWhileFewerAreInSync() {
        assertRejected(new MinInSyncReplicasPolicy(2).checkAppend("orders-0", 3, 1), NotEnoughReplicasException.class)
                .hasMessage("The size of the current in-sync replicas (1) is insufficient to satisfy the min.isr "
                        + "requirement of 2 for partition orders-0");
    }

    @Test
    void shouldNeverRequireMoreReplicasThanThePartitionHasAsKafkaDoes() {
        MinInSyncReplicasPolicy three = new MinInSyncReplicasPolicy(3);

        assertThat(three.effective(1)).isEqualTo(1);
        assertThat(three.effective(2)).isEqualTo(2);
        assertThat(three.effective(5)).isEqualTo(3);
        assertAccepted(three.checkAppend("orders-0", 1, 1));
        assertRejected(three.checkAppend("orders-0", 2, 1), NotEnoughReplicasException.class)
                .hasMessageContaining("requirement of 2");
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "5, 1", "1, 2", "2, 2", "1, 3", "2, 3", "3, 4", "3, 5"})
    void shouldServeARequirementThatAMajorityOfTheReplicasMeets(int minInSyncReplicas, int replicationFactor) {
        assertAccepted(new MinInSyncReplicasPolicy(minInSyncReplicas).checkServable(replicationFactor));
    }

    @ParameterizedTest
    @CsvSource({"3, 3, 2", "4, 3, 2", "4, 4, 3", "4, 5, 3"})
    void shouldRefuseARequirementAboveTheMajorityThatAcksAllWaitsFor(int minInSyncReplicas, int replicationFactor,
                                                                     int majority) {
        assertRejected(new MinInSyncReplicasPolicy(minInSyncReplicas).checkServable(replicationFactor),
                InvalidConfigurationException.class)
                .hasMessageContaining("Invalid value " + minInSyncReplicas + " for configuration min.insync.replicas")
                .hasMessageContaining("replication factor " + replicationFactor)
                .hasMessageEndingWith("takes at most " + majority);
    }

    @Test
    void shouldRefuseARequirementBelowOne() {
        assertThatThrownBy(() -> new MinInSyncReplicasPolicy(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
