package io.hexalog.domain.policy;

import io.hexalog.domain.error.HexalogException;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a business rule decided about a request: accepted, or rejected with the domain error the client is
 * to be told. A rule only decides; it neither throws nor changes anything. The caller acts on the decision:
 * goes on, throws the error, or answers the client with it.
 * <p>
 * A rule that can accept in more than one way returns its own sealed type, with a {@code Rejected} case
 * like this one (see {@code SequencePolicy.Verdict}).
 */
public sealed interface Decision {

    /** The request may go on. */
    static Decision accept() {
        return Accepted.INSTANCE;
    }

    /** The request must not go on; {@code error} is what the client is told. */
    static Decision reject(HexalogException error) {
        return new Rejected(error);
    }

    /** Whether the request may go on. */
    boolean isAccepted();

    /**
     * Rules applied one after another: this decision if it rejects, else the one {@code next} makes. The
     * first rejection wins and later rules are not consulted.
     */
    default Decision andThen(Supplier<Decision> next) {
        return isAccepted() ? next.get() : this;
    }

    /** The request may go on. */
    record Accepted() implements Decision {

        private static final Accepted INSTANCE = new Accepted();

        @Override
        public boolean isAccepted() {
            return true;
        }
    }

    /** The request must not go on. */
    record Rejected(HexalogException error) implements Decision {

        public Rejected {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean isAccepted() {
            return false;
        }
    }
}
