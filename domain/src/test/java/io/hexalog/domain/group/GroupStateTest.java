package io.hexalog.domain.group;

import org.junit.jupiter.api.Test;

import static io.hexalog.domain.group.GroupState.COMPLETING_REBALANCE;
import static io.hexalog.domain.group.GroupState.DEAD;
import static io.hexalog.domain.group.GroupState.EMPTY;
import static io.hexalog.domain.group.GroupState.PREPARING_REBALANCE;
import static io.hexalog.domain.group.GroupState.STABLE;
import static org.assertj.core.api.Assertions.assertThat;

class GroupStateTest {

    @Test
    void shouldOnlyBeEnteredFromItsValidPreviousStates() {
        assertThat(EMPTY.validPreviousStates()).containsExactly(PREPARING_REBALANCE);
        assertThat(PREPARING_REBALANCE.validPreviousStates()).containsExactlyInAnyOrder(EMPTY, COMPLETING_REBALANCE, STABLE);
        assertThat(COMPLETING_REBALANCE.validPreviousStates()).containsExactly(PREPARING_REBALANCE);
        assertThat(STABLE.validPreviousStates()).containsExactly(COMPLETING_REBALANCE);
        assertThat(DEAD.validPreviousStates()).containsExactlyInAnyOrder(GroupState.values());
    }
}
