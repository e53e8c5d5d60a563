package io.hexalog.bootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.List;
import java.util.Map;

/**
 * What {@code --help} says of each flag besides its description: the config key that sets the same thing in
 * a config file, in the environment or with {@code --override}, so that an operator finds one from the other.
 */
final class FlagHelp {

    /** Columns of the help. */
    static final int WIDTH = 100;

    /** The config key of each flag that has one. */
    static final Map<String, String> CONFIG_KEYS = Map.ofEntries(
            Map.entry("--data-dir", "log.dirs"),
            Map.entry("--memory-max-bytes", "log.memory.max.bytes"),
            Map.entry("--log-rocksdb-read-pool-bytes", "log.rocksdb.read.pool.bytes"),
            Map.entry("--host", "listeners"),
            Map.entry("--port", "listeners"),
            Map.entry("--advertised-host", "advertised.listeners"),
            Map.entry("--http-port", "http.port"),
            Map.entry("--http-host", "http.host"),
            Map.entry("--node-id", "node.id"),
            Map.entry("--num-partitions", "num.partitions"),
            Map.entry("--max-broker-partitions", "max.broker.partitions"),
            Map.entry("--auto-create-topics", "auto.create.topics.enable"),
            Map.entry("--max-request-bytes", "socket.request.max.bytes"),
            Map.entry("--network-threads", "num.network.threads"),
            Map.entry("--io-threads", "num.network.threads"),
            Map.entry("--max-connections", "max.connections"),
            Map.entry("--max-connections-per-ip", "max.connections.per.ip"),
            Map.entry("--max-connections-per-ip-overrides", "max.connections.per.ip.overrides"),
            Map.entry("--connections-max-idle-ms", "connections.max.idle.ms"),
            Map.entry("--connection-max-in-flight-requests", "connection.max.in.flight.requests"),
            Map.entry("--fetch-max-bytes", "fetch.max.bytes"),
            Map.entry("--fetch-memory-bytes", "fetch.memory.bytes"),
            Map.entry("--group-initial-rebalance-delay-ms", "group.initial.rebalance.delay.ms"),
            Map.entry("--group-min-session-timeout-ms", "group.min.session.timeout.ms"),
            Map.entry("--group-max-session-timeout-ms", "group.max.session.timeout.ms"),
            Map.entry("--group-consumer-session-timeout-ms", "group.consumer.session.timeout.ms"),
            Map.entry("--group-consumer-heartbeat-interval-ms", "group.consumer.heartbeat.interval.ms"),
            Map.entry("--group-consumer-min-session-timeout-ms", "group.consumer.min.session.timeout.ms"),
            Map.entry("--group-consumer-max-session-timeout-ms", "group.consumer.max.session.timeout.ms"),
            Map.entry("--group-consumer-min-heartbeat-interval-ms", "group.consumer.min.heartbeat.interval.ms"),
            Map.entry("--group-consumer-max-heartbeat-interval-ms", "group.consumer.max.heartbeat.interval.ms"),
            Map.entry("--group-consumer-assignors", "group.consumer.assignors"),
            Map.entry("--group-consumer-max-size", "group.consumer.max.size"),
            Map.entry("--group-consumer-migration-policy", "group.consumer.migration.policy"),
            Map.entry("--offsets-retention-minutes", "offsets.retention.minutes"),
            Map.entry("--transaction-max-timeout-ms", "transaction.max.timeout.ms"),
            Map.entry("--transactional-id-expiration-ms", "transactional.id.expiration.ms"),
            Map.entry("--transaction-abort-timed-out-interval-ms",
                    "transaction.abort.timed.out.transaction.cleanup.interval.ms"),
            Map.entry("--log-format", LogSettings.FORMAT_KEY),
            Map.entry("--trace-protocol", "log.trace.protocol"),
            Map.entry("--message-max-bytes", "message.max.bytes"),
            Map.entry("--log-retention-ms", "log.retention.ms"),
            Map.entry("--log-retention-bytes", "log.retention.bytes"),
            Map.entry("--log-message-timestamp-type", "log.message.timestamp.type"),
            Map.entry("--min-insync-replicas", "min.insync.replicas"),
            Map.entry("--log-retention-check-interval-ms", "log.retention.check.interval.ms"));

    /** Flags that are about the command itself rather than the broker. */
    private static final List<String> COMMAND_FLAGS = List.of("--help", "--version", "--config", "--override",
            "--exit-when-ready");
    private static final String INDENT = "        ";

    private FlagHelp() {
    }

    /**
     * Lists the options in the help one under the other: the flag, then its description wrapped at spaces
     * only (picocli's own wrapping also breaks at dots, cutting config keys and logger names in two), then
     * its config key.
     */
    static void install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> optionList(help.commandSpec()));
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, help -> {
            StringBuilder out = new StringBuilder();
            help.commandSpec().positionalParameters().forEach(parameter -> {
                out.append("  ").append(parameter.paramLabel()).append('\n');
                wrap(String.join(" ", parameter.description()), out);
            });
            return out.toString();
        });
    }

    static String optionList(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            out.append("  ").append(String.join(", ", option.names()));
            if (option.arity().max() > 0) {
                out.append(option.arity().min() == 0 ? "[=" + option.paramLabel() + "]" : "=" + option.paramLabel());
            }
            out.append('\n');
            String description = String.join(" ", option.description())
                    .replace("${DEFAULT-VALUE}", String.valueOf(defaultOf(spec, option)));
            wrap(description, out);
            String flag = option.longestName();
            if (!COMMAND_FLAGS.contains(flag)) {
                String key = CONFIG_KEYS.get(flag);
                wrap(key != null ? "Config key: " + key + "." : "No config key: a flag only.", out);
            }
        }
        return out.toString();
    }

    private static String defaultOf(CommandSpec spec, OptionSpec option) {
        try {
            String provided = spec.defaultValueProvider() == null ? null : spec.defaultValueProvider().defaultValue(option);
            return provided != null ? provided : option.defaultValue();
        } catch (Exception e) {
            return option.defaultValue();
        }
    }

    private static void wrap(String text, StringBuilder out) {
        int column = 0;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (column > 0 && column + 1 + word.length() > WIDTH - INDENT.length()) {
                out.append('\n');
                column = 0;
            }
            out.append(column == 0 ? INDENT : " ").append(word);
            column += (column == 0 ? 0 : 1) + word.length();
        }
        out.append('\n');
    }
}
