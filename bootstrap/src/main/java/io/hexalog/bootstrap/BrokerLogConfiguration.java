package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The broker's own Logback configuration: one console appender in the text format ({@link LogSettings}), and the
 * libraries that talk a lot kept quiet unless something is wrong. Logback finds it as a service before it looks
 * for a {@code logback.xml}; set in code, it spares a broker's start-up the reading of an XML configuration
 * (about a hundred milliseconds and several hundred classes).
 *
 * <p>An operator's configuration wins: with {@code -Dlogback.configurationFile=...}, or a {@code logback.xml} or
 * {@code logback-test.xml} of an application or test that starts a broker in process, this configurator steps
 * aside and Logback reads that file as usual. {@code --log-level} and {@code --log-format} apply on top of either.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class BrokerLogConfiguration extends ContextAwareBase implements Configurator {

    /** Logback's system property naming a configuration file. */
    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";
    /** The files Logback reads from the class path when no configurator has configured it. */
    static final List<String> CONFIGURATION_RESOURCES = List.of("logback-test.xml", "logback.xml");

    /**
     * The libraries that are quiet unless something is wrong. While a node is down, Ratis warns of every try to
     * reach it, thousands of lines a minute, and a member that cannot be caught up from its leader's log is told
     * so at every try; the broker says itself, once, that the live brokers changed, that a group's leader moved,
     * or why a member is not caught up. For the same reason two of Ratis' errors for routine events, a member
     * that is not running and a leader's change, are dropped ({@link RatisRoutineErrorsFilter}).
     */
    static final Map<String, Level> QUIET_LOGGERS = Map.of(
            "io.netty", Level.WARN,
            "com.google.inject", Level.WARN,
            "io.javalin", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "org.apache.ratis", Level.WARN,
            "org.apache.ratis.grpc.server.GrpcLogAppender", Level.ERROR,
            "org.apache.ratis.grpc.server.GrpcServerProtocolService", Level.ERROR,
            "org.apache.ratis.server.impl.SnapshotInstallationHandler", Level.OFF);

    private final Predicate<String> systemPropertySet;
    private final Predicate<String> onClassPath;

    /** The configurator Logback instantiates: it looks at the system properties and the class path. */
    public BrokerLogConfiguration() {
        this(name -> System.getProperty(name) != null,
                resource -> BrokerLogConfiguration.class.getClassLoader().getResource(resource) != null);
    }

    BrokerLogConfiguration(Predicate<String> systemPropertySet, Predicate<String> onClassPath) {
        this.systemPropertySet = systemPropertySet;
        this.onClassPath = onClassPath;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (systemPropertySet.test(CONFIGURATION_FILE_PROPERTY)
                || CONFIGURATION_RESOURCES.stream().anyMatch(onClassPath)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(LogSettings.textEncoder(context));
        RatisRoutineErrorsFilter routineErrors = new RatisRoutineErrorsFilter();
        routineErrors.setContext(context);
        routineErrors.start();
        console.addFilter(routineErrors);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        QUIET_LOGGERS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
