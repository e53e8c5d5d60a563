package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinProgressTest {

    @Test
    void shouldHaveJoinedWhenRegisteredWithAControllerAndALeaderForEveryShard() {
        assertThat(new JoinProgress(true, true, true, 0, 3, false, List.of()).whyNotJoined()).isEmpty();
    }

    @Test
    void shouldWaitForAMajorityWhileNoControllerIsKnownWhateverElseHolds() {
        assertThat(new JoinProgress(false, true, false, 3, 3, false, List.of()).whyNotJoined())
                .hasValue("no controller known: waiting for a majority of the voters to be up");
        assertThat(new JoinProgress(true, true, false, 0, 3, false, List.of()).whyNotJoined())
                .hasValue("no controller known: waiting for a majority of the voters to be up");
    }

    @Test
    void shouldNotHaveJoinedBeforeItsEndpointIsRegistered() {
        assertThat(new JoinProgress(false, true, true, 0, 3, false, List.of()).whyNotJoined())
                .hasValue("not registered with the cluster yet");
    }

    @Test
    void shouldNotHaveJoinedBeforeItHasAppliedTheMetadataLogUpToItsRegistration() {
        assertThat(new JoinProgress(true, false, true, 0, 3, false, List.of()).whyNotJoined())
                .hasValue("applying the metadata log up to this broker's registration");
        assertThat(new JoinProgress(false, false, true, 0, 3, false, List.of()).whyNotJoined())
                .hasValue("not registered with the cluster yet");
    }

    @Test
    void shouldCountTheShardGroupsThatHaveNoLeaderYet() {
        assertThat(new JoinProgress(true, true, true, 2, 3, false, List.of()).whyNotJoined())
                .hasValue("no leader known for 2 of 3 shard groups");
    }

    @Test
    void shouldNotHaveJoinedBeforeItHoldsAShardGroupButSayFirstWhatComesBefore() {
        assertThat(new JoinProgress(true, true, true, 0, 0, false, List.of()).whyNotJoined())
                .hasValue("not a member of any shard group yet");
        assertThat(new JoinProgress(true, true, false, 0, 0, false, List.of()).whyNotJoined())
                .hasValue("no controller known: waiting for a majority of the voters to be up");
    }

    @Test
    void shouldAskForARestartWhereTheControllersMetadataLogStartsPastThisNodes() {
        assertThat(new JoinProgress(true, true, true, 0, 3, true, List.of()).whyNotJoined())
                .hasValue("the controller's metadata log starts past this node's: the node must start again while "
                        + "the others run, to copy the controller's metadata snapshot (a broker process restarts "
                        + "itself)");
        assertThat(new JoinProgress(true, true, false, 0, 3, true, List.of()).whyNotJoined())
                .hasValue("no controller known: waiting for a majority of the voters to be up");
    }

    @Test
    void shouldAskForARestartWhereGroupsStoppedTakingEntriesOnThisNode() {
        assertThat(new JoinProgress(true, true, true, 0, 3, false, List.of("shard-1")).whyNotJoined())
                .hasValue("this node takes no more entries of the shard-1 group, whose log failed: the node must "
                        + "start again once its data volume has room (a broker process restarts itself)");
        assertThat(new JoinProgress(false, false, true, 1, 3, false, List.of("metadata", "shard-0")).whyNotJoined())
                .hasValue("this node takes no more entries of the metadata, shard-0 groups, whose log failed: the "
                        + "node must start again once its data volume has room (a broker process restarts itself)");
    }

    @Test
    void shouldRefuseMoreLeaderlessShardsThanShards() {
        assertThatThrownBy(() -> new JoinProgress(true, true, true, 4, 3, false, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
