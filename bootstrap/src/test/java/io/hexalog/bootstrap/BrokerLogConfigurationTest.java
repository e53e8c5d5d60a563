package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker's own Logback configuration, and when it steps aside for an operator's. */
class BrokerLogConfigurationTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void shouldLogInfoInTheTextFormatToTheConsoleWithTheChattyLibrariesQuiet() {
        Configurator.ExecutionStatus status = new BrokerLogConfiguration(property -> false, resource -> false)
                .configure(context);

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(rootAppenders()).singleElement().isInstanceOfSatisfying(ConsoleAppender.class,
                console -> assertThat(console.isStarted()).isTrue());
        assertThat(context.getLogger("io.hexalog.adapter.protocol.kafka").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.netty.channel.nio").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.ratis.server.RaftServer").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.ratis.grpc.server.GrpcLogAppender").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
        assertThat(context.getLogger("org.apache.ratis.server.impl.SnapshotInstallationHandler").getEffectiveLevel())
                .isEqualTo(Level.OFF);
    }

    @Test
    void shouldStepAsideForAConfigurationFileNamedOnTheCommandLine() {
        Configurator.ExecutionStatus status = new BrokerLogConfiguration(
                BrokerLogConfiguration.CONFIGURATION_FILE_PROPERTY::equals, resource -> false).configure(context);

        assertThat(status).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(rootAppenders()).isEmpty();
    }

    @Test
    void shouldStepAsideForTheLogbackFilesOfAnApplicationThatStartsABrokerInProcess() {
        for (String file : List.of("logback.xml", "logback-test.xml")) {
            LoggerContext fresh = new LoggerContext();

            Configurator.ExecutionStatus status = new BrokerLogConfiguration(property -> false, file::equals)
                    .configure(fresh);

            assertThat(status).as(file).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(fresh.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).as(file).isFalse();
        }
    }

    @Test
    void shouldBeFoundByLogbackAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(BrokerLogConfiguration.class);
    }

    private List<Appender<ILoggingEvent>> rootAppenders() {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        return appenders;
    }
}
