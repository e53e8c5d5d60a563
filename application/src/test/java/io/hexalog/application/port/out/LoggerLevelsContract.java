package io.hexalog.application.port.out;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link LoggerLevels}: every adapter and fake runs it. Each test gets a logging system whose
 * root logs at INFO and where the logger {@value #CREATED} has been created.
 */
public abstract class LoggerLevelsContract {

    protected static final String CREATED = "contract.adapter.SomeHandler";

    /** A logging system with {@code root} at INFO, and {@link #CREATED} created without a level of its own. */
    protected abstract LoggerLevels loggerLevels();

    @Test
    void shouldReportTheRootAndEveryCreatedLoggerWithTheLevelItLogsAt() {
        LoggerLevels levels = loggerLevels();

        assertThat(levels.effectiveLevels()).containsEntry("root", "INFO").containsEntry(CREATED, "INFO");
    }

    @Test
    void shouldLetALoggerWithoutALevelLogAtItsNearestAncestors() {
        LoggerLevels levels = loggerLevels();

        levels.setLevel("contract.adapter", "DEBUG");

        assertThat(levels.effectiveLevels()).containsEntry(CREATED, "DEBUG").containsEntry("root", "INFO");
    }

    @Test
    void shouldLetALoggerInheritAgainOnceItsLevelIsUnset() {
        LoggerLevels levels = loggerLevels();
        levels.setLevel(CREATED, "WARN");

        levels.unsetLevel(CREATED);

        assertThat(levels.effectiveLevels()).containsEntry(CREATED, "INFO");
    }

    @Test
    void shouldSetTheRootsLevel() {
        LoggerLevels levels = loggerLevels();

        levels.setLevel("root", "ERROR");

        assertThat(levels.effectiveLevels()).containsEntry("root", "ERROR").containsEntry(CREATED, "ERROR");
    }

    @Test
    void shouldKnowCreatedLoggersAndTheirAncestorsOnly() {
        LoggerLevels levels = loggerLevels();

        assertThat(levels.exists(CREATED)).isTrue();
        assertThat(levels.exists("contract.adapter")).isTrue();
        assertThat(levels.exists("contract.adapt")).isFalse();
        assertThat(levels.exists("never.created.Logger")).isFalse();
    }
}
