package io.hexalog.adapter.replication.ratis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoppingMembersTest {

    @Test
    void shouldRecogniseItsQuestionAmongOtherQueries() {
        assertThat(StoppingMembers.isQuestion(StoppingMembers.question())).isTrue();
        assertThat(StoppingMembers.isQuestion(MetadataQuorumAnswer.question())).isFalse();
        assertThat(StoppingMembers.isQuestion(new byte[]{1})).isFalse();
    }

    @Test
    void shouldPassOverANodeThatAnswersItIsStoppingAndKeepOneThatServes() {
        StoppingMembers members = new StoppingMembers();

        members.answered(2, StoppingMembers.answer(true));
        members.answered(3, StoppingMembers.answer(false));

        assertThat(members.mayTakeOver(2)).isFalse();
        assertThat(members.mayTakeOver(3)).isTrue();
    }

    @Test
    void shouldPassOverANodeThatDoesNotAnswerAndKeepOneNotAskedYet() {
        StoppingMembers members = new StoppingMembers();

        members.silent(2);

        assertThat(members.mayTakeOver(2)).isFalse();
        assertThat(members.mayTakeOver(3)).isTrue();
    }

    @Test
    void shouldKeepPassingOverANodeOnceItSaidItIsStopping() {
        StoppingMembers members = new StoppingMembers();

        members.answered(2, StoppingMembers.answer(true));
        members.answered(2, StoppingMembers.answer(false));

        assertThat(members.mayTakeOver(2)).isFalse();
    }
}
