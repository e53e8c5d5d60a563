package io.hexalog.domain.group;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupTimerTest {

    @Test
    void shouldGiveEveryImplementationItsOwnKind() {
        // the group's switch over the kind is exhaustive only if kinds and implementations pair up one to one
        List<GroupTimer> oneOfEach = List.of(new GroupTimer.MemberSession("m"), new GroupTimer.JoinPhase(),
                new GroupTimer.SyncPhase());

        assertThat(oneOfEach).extracting(GroupTimer::kind).containsExactlyInAnyOrder(GroupTimer.Kind.values());
        assertThat(oneOfEach).<Class<?>>extracting(Object::getClass)
                .containsExactlyInAnyOrder(GroupTimer.class.getPermittedSubclasses());
    }
}
