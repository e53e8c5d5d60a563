package io.hexalog.domain.policy;

import io.hexalog.domain.error.HexalogException;
import org.assertj.core.api.AbstractThrowableAssert;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on what a rule decided. */
public final class DecisionAssertions {

    private DecisionAssertions() {
    }

    public static void assertAccepted(Decision decision) {
        assertThat(decision.isAccepted()).as("accepted, but was %s", decision).isTrue();
    }

    /** @return an assertion on the error the decision carries, which must be of type {@code error} */
    public static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            Decision decision, Class<? extends HexalogException> error) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return assertThat(((Decision.Rejected) decision).error()).isInstanceOf(error);
    }
}
