package io.hexalog.application.fake;

import io.hexalog.application.port.out.LoggerLevels;

import java.util.Map;
import java.util.TreeMap;

/**
 * Logger levels kept in a map, with a logging system's inheritance: a logger without a level of its own logs
 * at its nearest ancestor's (by dotted name), and {@code root} always has one.
 */
public final class InMemoryLoggerLevelsFake implements LoggerLevels {

    private final Map<String, String> own = new TreeMap<>();
    private final Map<String, String> known = new TreeMap<>();

    public InMemoryLoggerLevelsFake(String rootLevel, String... loggers) {
        own.put("root", rootLevel);
        known.put("root", "");
        for (String logger : loggers) {
            known.put(logger, "");
        }
    }

    /** The level the logger has of its own, or null. */
    public String ownLevel(String logger) {
        return own.get(logger);
    }

    @Override
    public Map<String, String> effectiveLevels() {
        Map<String, String> levels = new TreeMap<>();
        known.keySet().forEach(logger -> levels.put(logger, effective(logger)));
        return levels;
    }

    @Override
    public boolean exists(String logger) {
        return known.containsKey(logger) || known.keySet().stream().anyMatch(name -> name.startsWith(logger + "."));
    }

    @Override
    public void setLevel(String logger, String level) {
        known.put(logger, "");
        own.put(logger, level);
    }

    @Override
    public void unsetLevel(String logger) {
        own.remove(logger);
    }

    private String effective(String logger) {
        for (String name = logger; ; name = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "root") {
            if (own.containsKey(name)) {
                return own.get(name);
            }
        }
    }
}
