package io.hexalog.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution's config/server.properties lists every key the broker reads, commented out with its default,
 * so that it cannot drift from the broker: a key added to the broker and not to the file, or a default written
 * there that is not the broker's, fails here.
 */
class DistributedConfigFileTest {

    private static final Path FILE = Path.of("src", "dist", "config", "server.properties");
    /** A commented-out key: {@code #key=default}, the default left empty where it depends on the machine. */
    private static final Pattern COMMENTED_KEY = Pattern.compile("^#([a-z][a-z0-9._-]*)=(.*)$");

    @TempDir
    Path dir;

    @Test
    void shouldListEveryKeyTheBrokerReadsAndNoOther() throws IOException {
        assertThat(commentedKeys().keySet()).containsExactlyInAnyOrderElementsOf(ServerProperties.KNOWN_KEYS);
    }

    @Test
    void shouldGiveTheBrokersOwnDefaults() throws IOException {
        StringBuilder uncommented = new StringBuilder();
        commentedKeys().forEach((key, value) -> {
            if (!value.isEmpty()) {
                uncommented.append(key).append('=').append(value).append('\n');
            }
        });
        Path file = Files.writeString(dir.resolve("server.properties"), uncommented);

        ServerConfig withFile = parse("--storage=memory", "--config", file.toString());
        ServerConfig defaults = parse("--storage=memory");

        assertThat(withFile).usingRecursiveComparison().ignoringFields("broker.explicitlySet").isEqualTo(defaults);
        assertThat(withFile.storage().dataDir().normalize()).isEqualTo(defaults.storage().dataDir().normalize());
    }

    @Test
    void shouldBeReadWithoutAnyKeyBeingSet() {
        ServerConfig config = parse("--storage=memory", "--config", FILE.toString());

        assertThat(config.broker().explicitlySet()).isEmpty();
    }

    /** Each commented-out key with the default written after it, in file order. */
    private static Map<String, String> commentedKeys() throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(FILE);
        for (String line : lines) {
            Matcher key = COMMENTED_KEY.matcher(line);
            if (key.matches()) {
                assertThat(keys.put(key.group(1), key.group(2))).as("%s listed twice", key.group(1)).isNull();
            }
        }
        return keys;
    }

    private static ServerConfig parse(String... args) {
        Main main = new Main();
        new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return main.config();
    }
}
