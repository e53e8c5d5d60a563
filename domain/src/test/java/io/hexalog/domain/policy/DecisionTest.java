package io.hexalog.domain.policy;

import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static io.hexalog.domain.policy.DecisionAssertions.assertAccepted;
import static io.hexalog.domain.policy.DecisionAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionTest {

    @Test
    void shouldConsultTheNextRuleOnlyWhenTheFirstAccepts() {
        AtomicBoolean consulted = new AtomicBoolean();

        Decision decision = Decision.reject(new InvalidRequestException("first"))
                .andThen(() -> {
                    consulted.set(true);
                    return Decision.accept();
                });

        assertRejected(decision, InvalidRequestException.class).hasMessage("first");
        assertThat(consulted).isFalse();
    }

    @Test
    void shouldTakeTheNextRulesDecisionAfterAnAcceptance() {
        assertRejected(Decision.accept().andThen(() -> Decision.reject(new RecordTooLargeException("second"))),
                RecordTooLargeException.class).hasMessage("second");
        assertAccepted(Decision.accept().andThen(Decision::accept));
    }

    @Test
    void shouldRefuseARejectionWithoutAnError() {
        assertThatThrownBy(() -> Decision.reject(null)).isInstanceOf(NullPointerException.class);
    }
}
