package io.hexalog.application.port.in;

import io.hexalog.application.port.in.CommitOffsetsCommand.Committer.Member;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitOffsetsCommandTest {

    @Test
    void shouldRefuseANegativeGenerationForAMember() {
        assertThatThrownBy(() -> new Member("m-1", Optional.empty(), OptionalInt.of(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAMemberThatNamesNeitherItselfNorAGeneration() {
        assertThatThrownBy(() -> new Member("", Optional.empty(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unmanaged");
    }

    @Test
    void shouldAcceptAMemberKnownByAnyOneOfItsIdentities() {
        assertThat(new Member("m-1", Optional.empty(), OptionalInt.empty()).memberId()).isEqualTo("m-1");
        assertThat(new Member("", Optional.of("static-1"), OptionalInt.empty()).groupInstanceId()).contains("static-1");
        assertThat(Member.of("", Optional.empty(), 0).generationId()).hasValue(0);
    }
}
