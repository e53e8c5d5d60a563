package io.hexalog.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log's format and levels, as --log-format and --log-level set them. */
class LogSettingsTest {

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Test
    void shouldWriteTextLinesWithAnIsoDateAndZone() {
        attachTextAppender();
        LogSettings.parse("text", "--log-format", List.of()).apply(context);

        context.getLogger("io.hexalog.Some").info("topic {} created", "orders");

        assertThat(output()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  "
                + "\\[[^]]+] io\\.hexalog\\.Some - topic orders created\\n");
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWhenAskedForJson() {
        attachTextAppender();
        LogSettings.parse("JSON", "--log-format", List.of()).apply(context);

        context.getLogger("io.hexalog.Some").warn("client sent \"{}\"\nand more", "bad");
        context.getLogger("io.hexalog.Some").info("second");

        List<String> lines = output().lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        assertThat(lines.get(0)).contains("\"level\":\"WARN\"").contains("\"loggerName\":\"io.hexalog.Some\"")
                .contains("\"formattedMessage\":\"client sent \\\"bad\\\"\\nand more\"");
    }

    @Test
    void shouldSetTheRootLevelAndLevelsOfNamedLoggers() {
        LogSettings settings = LogSettings.parse("text", "--log-format",
                List.of("WARN", "io.hexalog.adapter.protocol.kafka=DEBUG"));

        settings.apply(context);

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.hexalog.adapter.protocol.kafka.FetchHandler").isDebugEnabled()).isTrue();
        assertThat(context.getLogger("io.hexalog.application").isInfoEnabled()).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownLevelNamingTheFlag() {
        assertThatThrownBy(() -> LogSettings.parse("text", "--log-format", List.of("io.hexalog=VERBOSE")))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessage("--log-level io.hexalog=VERBOSE: unknown level 'VERBOSE'; use " + LogSettings.LEVEL_NAMES);
        assertThatThrownBy(() -> LogSettings.parse("text", "--log-format", List.of("INFOO")))
                .hasMessageContaining("unknown level 'INFOO'");
    }

    @Test
    void shouldRefuseAnUnknownFormatNamingWhereItWasWritten() {
        assertThatThrownBy(() -> LogSettings.parse("xml", "log.format in server.properties", List.of()))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessage("log.format in server.properties: unknown log format 'xml'; use text or json");
    }

    private void attachTextAppender() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(LogSettings.textEncoder(context));
        appender.setOutputStream(written);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    private String output() {
        return written.toString(StandardCharsets.UTF_8);
    }
}
