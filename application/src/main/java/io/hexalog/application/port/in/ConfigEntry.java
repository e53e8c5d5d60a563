package io.hexalog.application.port.in;

import io.hexalog.domain.config.ConfigType;

import java.util.List;
import java.util.Objects;

/**
 * One config of a topic or of the broker, as DescribeConfigs reports it.
 *
 * @param value         the value in force
 * @param source        where {@code value} comes from
 * @param readOnly      whether AlterConfigs may change it
 * @param sensitive     whether the value is secret (then it is not shown)
 * @param synonyms      every source that gives this config a value, most specific first, the one in force
 *                      included (KIP-226)
 */
public record ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive,
                          ConfigType type, String documentation, List<Synonym> synonyms) {

    public ConfigEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        synonyms = List.copyOf(synonyms);
    }

    /** A value this config has from one source, under the name it has there. */
    public record Synonym(String name, String value, ConfigSource source) {
    }
}
