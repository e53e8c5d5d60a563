package io.hexalog.junit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FatalErrorRecordTest {

    private final FatalErrorRecord record = new FatalErrorRecord();

    @Test
    void shouldLetTestsPassWhileTheBrokerMetNoFatalError() {
        assertThatCode(record::failIfMet).doesNotThrowAnyException();
    }

    @Test
    void shouldFailEveryTestAfterAFatalErrorWithTheFirstCause() {
        // given
        OutOfMemoryError first = new OutOfMemoryError("Java heap space");
        record.onFatalError("in thread hexalog-storage-1", first);
        record.onFatalError("accepting connections", new IllegalStateException("closed"));

        // when / then
        for (int test = 0; test < 2; test++) {
            assertThatThrownBy(record::failIfMet).isInstanceOf(AssertionError.class).hasCause(first)
                    .hasMessage("The Hexalog broker of this test met a fatal error (in thread hexalog-storage-1) and "
                            + "may no longer serve: java.lang.OutOfMemoryError: Java heap space");
        }
    }
}
