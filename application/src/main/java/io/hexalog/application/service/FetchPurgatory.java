package io.hexalog.application.service;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where fetches wait for data (Kafka's "fetch purgatory"). A waiting fetch watches its partitions; each
 * commit on a watched partition tells the fetch how many bytes arrived and whether the last stable offset
 * moved, and the fetch decides whether it now has enough. Nothing polls and nothing sleeps.
 */
public final class FetchPurgatory {

    private final Map<TopicIdPartition, Set<DelayedFetch>> watchers = new ConcurrentHashMap<>();

    void watch(DelayedFetch fetch) {
        for (TopicIdPartition partition : fetch.watchedPartitions()) {
            watchers.computeIfAbsent(partition, key -> ConcurrentHashMap.newKeySet()).add(fetch);
        }
    }

    void unwatch(DelayedFetch fetch) {
        for (TopicIdPartition partition : fetch.watchedPartitions()) {
            watchers.computeIfPresent(partition, (key, set) -> {
                set.remove(fetch);
                return set.isEmpty() ? null : set;
            });
        }
    }

    void onCommitted(TopicIdPartition partition, int bytes, boolean lastStableOffsetMoved) {
        Set<DelayedFetch> waiting = watchers.get(partition);
        if (waiting != null) {
            for (DelayedFetch fetch : waiting) {
                fetch.onCommitted(bytes, lastStableOffsetMoved);
            }
        }
    }

    /** How many fetches are waiting on this partition; for tests and metrics. */
    int waitingOn(TopicIdPartition partition) {
        Set<DelayedFetch> waiting = watchers.get(partition);
        return waiting == null ? 0 : waiting.size();
    }
}
