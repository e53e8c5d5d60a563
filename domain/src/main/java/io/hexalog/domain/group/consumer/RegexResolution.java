package io.hexalog.domain.group.consumer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topics a group's regular expressions match, worked out again only when the topics or the expressions change:
 * while the topics' {@linkplain TopicMetadataLookup#version version} stays the same a heartbeat lists no topic and
 * matches nothing. Kafka likewise resolves them again when its metadata image changes, off the heartbeat's path.
 */
final class RegexResolution {

    private static final long NEVER = Long.MIN_VALUE;

    private final Map<TopicPattern, Set<String>> matches = new HashMap<>();
    /** The topics as last listed, by name: while the version stays the same, they are the topics that exist. */
    private Map<String, TopicMetadata> listed = Map.of();
    private long listedAtVersion = NEVER;

    /** The topics that exist now and match at least one of the patterns. */
    List<TopicMetadata> matching(TopicMetadataLookup topics, Set<TopicPattern> patterns) {
        long version = topics.version();
        if (version != listedAtVersion) {
            // read before listing: a change made meanwhile moves the version on again, and is picked up next time
            Map<String, TopicMetadata> now = new HashMap<>();
            topics.all().forEach(topic -> now.put(topic.name(), topic));
            if (!now.keySet().equals(listed.keySet())) {
                matches.clear();
            }
            listed = now;
            listedAtVersion = version;
        }
        matches.keySet().retainAll(patterns);
        Set<String> names = new HashSet<>();
        for (TopicPattern pattern : patterns) {
            names.addAll(matches.computeIfAbsent(pattern, unused -> resolve(pattern, listed.keySet())));
        }
        List<TopicMetadata> matching = new ArrayList<>(names.size());
        names.forEach(name -> matching.add(listed.get(name)));
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
