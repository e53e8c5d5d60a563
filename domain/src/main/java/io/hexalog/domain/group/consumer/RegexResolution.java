package io.hexalog.domain.group.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The topics a group's regular expressions match, worked out again only when the topics or the expressions change:
 * a heartbeat then costs a look at the topic names, not a match of every expression against every topic. Kafka
 * resolves them off the heartbeat's path for the same reason.
 */
final class RegexResolution {

    private final Map<TopicPattern, Set<String>> matches = new HashMap<>();
    private Set<String> resolvedAgainst = Set.of();

    /** The names of the topics that match at least one of the patterns, among those given. */
    Set<String> matching(Collection<TopicMetadata> topics, Set<TopicPattern> patterns) {
        Set<String> names = new HashSet<>(topics.size() * 2);
        topics.forEach(topic -> names.add(topic.name()));
        if (!names.equals(resolvedAgainst)) {
            matches.clear();
            resolvedAgainst = names;
        }
        matches.keySet().retainAll(patterns);
        Set<String> matching = new HashSet<>();
        for (TopicPattern pattern : patterns) {
            matching.addAll(matches.computeIfAbsent(pattern, unused -> resolve(pattern, names)));
        }
        return matching;
    }

    private static Set<String> resolve(TopicPattern pattern, Set<String> names) {
        Set<String> matched = new HashSet<>();
        for (String name : names) {
            if (pattern.matches(name)) {
                matched.add(name);
            }
        }
        return Set.copyOf(matched);
    }
}
