package io.hexalog.application.fake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryLoggerLevelsFakeTest {

    @Test
    void shouldLetLoggersInheritTheNearestAncestorsLevel() {
        InMemoryLoggerLevelsFake levels = new InMemoryLoggerLevelsFake("INFO", "a.b.c", "a.x");

        levels.setLevel("a.b", "DEBUG");

        assertThat(levels.effectiveLevels()).containsEntry("a.b.c", "DEBUG").containsEntry("a.x", "INFO")
                .containsEntry("root", "INFO");
        levels.unsetLevel("a.b");
        assertThat(levels.effectiveLevels()).containsEntry("a.b.c", "INFO");
    }

    @Test
    void shouldKnowTheAncestorsOfKnownLoggers() {
        InMemoryLoggerLevelsFake levels = new InMemoryLoggerLevelsFake("INFO", "a.b.c");

        assertThat(levels.exists("a.b")).isTrue();
        assertThat(levels.exists("a.bc")).isFalse();
    }
}
