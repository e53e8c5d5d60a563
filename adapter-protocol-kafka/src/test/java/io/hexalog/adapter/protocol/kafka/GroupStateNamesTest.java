package io.hexalog.adapter.protocol.kafka;

import io.hexalog.domain.group.GroupState;
import org.junit.jupiter.api.Test;

import static io.hexalog.domain.group.GroupState.COMPLETING_REBALANCE;
import static io.hexalog.domain.group.GroupState.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

class GroupStateNamesTest {

    @Test
    void shouldNameEveryStateAsKafkaDoes() {
        assertThat(GroupState.values()).extracting(GroupStateNames::toWire).containsExactly(
                "Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead");
    }

    @Test
    void shouldFindAStateByItsWireNameIgnoringCaseAndBlanks() {
        assertThat(GroupStateNames.fromWire("completingrebalance")).contains(COMPLETING_REBALANCE);
        assertThat(GroupStateNames.fromWire(" Stable ")).contains(STABLE);
        assertThat(GroupStateNames.fromWire("Assigning")).isEmpty();
    }
}
