package io.hexalog.application.fake;

import io.hexalog.application.port.out.LoggerLevels;
import io.hexalog.application.port.out.LoggerLevelsContract;

class InMemoryLoggerLevelsFakeTest extends LoggerLevelsContract {

    @Override
    protected LoggerLevels loggerLevels() {
        return new InMemoryLoggerLevelsFake("INFO", CREATED);
    }
}
