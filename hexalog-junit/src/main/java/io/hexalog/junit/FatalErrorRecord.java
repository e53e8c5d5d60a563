package io.hexalog.junit;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the fatal error an in-process broker met, which would have ended a standalone broker's process, until a
 * test can fail with it: an error on one of the broker's threads cannot fail a test by itself.
 */
final class FatalErrorRecord implements io.hexalog.bootstrap.HexalogBroker.FatalErrorListener {

    private final AtomicReference<AssertionError> failure = new AtomicReference<>();

    @Override
    public void onFatalError(String what, Throwable cause) {
        failure.compareAndSet(null, new AssertionError("The Hexalog broker of this test met a fatal error (" + what
                + ") and may no longer serve: " + cause, cause));
    }

    /** Throws the fatal error the broker met, if it met one; every later call throws it again. */
    void failIfMet() {
        AssertionError met = failure.get();
        if (met != null) {
            throw met;
        }
    }
}
