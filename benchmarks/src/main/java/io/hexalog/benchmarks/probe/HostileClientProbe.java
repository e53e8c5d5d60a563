package io.hexalog.benchmarks.probe;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Plays a misbehaving or unlucky client against a running broker, one bounded scenario per subcommand, and
 * prints what it saw: whether the broker kept serving, how much memory it took, what it closed. Each
 * scenario stops by itself. Works against any Kafka-compatible broker, so the same probe can be run against
 * Apache Kafka for comparison.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hexalog.benchmarks.probe.HostileClientProbe pipelined-fetch \
 *      --port 9092 --pid $BROKER_PID --fill-mb 200 --requests 40 --max-bytes 52428800
 * </pre>
 */
@Command(name = "hostile-client-probe", mixinStandardHelpOptions = true,
        description = "Bounded misbehaving-client scenarios against a running broker.",
        subcommands = {
                PipelinedFetchScenario.class,
                IdleConnectionsScenario.class,
                MalformedFramesScenario.class,
                HugeCreateScenario.class,
                ProduceUntilFullScenario.class
        })
public final class HostileClientProbe {

    public static void main(String[] args) {
        // The clients' configuration dumps would bury the scenario's few lines.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        System.exit(new CommandLine(new HostileClientProbe()).execute(args));
    }
}
