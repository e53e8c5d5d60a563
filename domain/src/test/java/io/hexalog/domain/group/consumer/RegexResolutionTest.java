package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A group's regular expressions are matched against the topics again only when the topics or expressions change. */
class RegexResolutionTest {

    private final RegexResolution resolution = new RegexResolution();
    private final AtomicInteger matchesTried = new AtomicInteger();
    private final TopicPattern orders = counting("orders-.*");
    private final Topics topics = new Topics(topic("orders-eu"), topic("payments"), topic("orders-us"));

    @Test
    void shouldMatchEveryTopicOnceAndThenAnswerFromWhatItResolved() {
        assertThat(names(resolution.matching(topics, Set.of(orders)))).containsExactlyInAnyOrder("orders-eu", "orders-us");
        assertThat(matchesTried).hasValue(3);

        assertThat(names(resolution.matching(topics, Set.of(orders)))).containsExactlyInAnyOrder("orders-eu", "orders-us");

        assertThat(matchesTried).as("no topic changed").hasValue(3);
    }

    @Test
    void shouldNotListTheTopicsWhileTheirVersionStaysTheSame() {
        resolution.matching(topics, Set.of(orders));

        for (int heartbeat = 0; heartbeat < 5; heartbeat++) {
            resolution.matching(topics, Set.of(orders));
        }

        assertThat(topics.listed).as("listed once, for the first heartbeat").hasValue(1);
    }

    @Test
    void shouldResolveAgainWhenATopicIsCreatedOrDeleted() {
        resolution.matching(topics, Set.of(orders));

        topics.add(topic("orders-apac"));
        assertThat(names(resolution.matching(topics, Set.of(orders))))
                .containsExactlyInAnyOrder("orders-eu", "orders-us", "orders-apac");
        topics.removeFirst();
        assertThat(names(resolution.matching(topics, Set.of(orders)))).containsExactlyInAnyOrder("orders-us", "orders-apac");
    }

    @Test
    void shouldKeepWhatItMatchedWhenTheVersionMovesOnWithTheSameTopicNames() {
        resolution.matching(topics, Set.of(orders));

        TopicMetadata grown = topics.grow("orders-eu", 6);

        assertThat(resolution.matching(topics, Set.of(orders))).contains(grown)
                .extracting(TopicMetadata::name).containsExactlyInAnyOrder("orders-eu", "orders-us");
        assertThat(topics.listed).hasValue(2);
        assertThat(matchesTried).as("a partition count changed, not a name").hasValue(3);
    }

    @Test
    void shouldResolveOnlyTheNewPatternWhenAMemberSubscribesWithAnother() {
        resolution.matching(topics, Set.of(orders));
        int before = matchesTried.get();

        TopicPattern payments = counting("pay.*");
        assertThat(names(resolution.matching(topics, Set.of(orders, payments))))
                .containsExactlyInAnyOrder("orders-eu", "orders-us", "payments");

        assertThat(matchesTried.get() - before).as("only the new pattern is matched").isEqualTo(3);
        assertThat(names(resolution.matching(topics, Set.of(payments)))).containsExactly("payments");
    }

    private TopicPattern counting(String regex) {
        return new TopicPattern(regex, name -> {
            matchesTried.incrementAndGet();
            return name.matches(regex);
        });
    }

    private static List<String> names(Collection<TopicMetadata> topics) {
        return topics.stream().map(TopicMetadata::name).toList();
    }

    private static TopicMetadata topic(String name) {
        return new TopicMetadata(TopicId.random(), name, 3);
    }

    /** Topics whose version moves on with every change, counting how often they are listed. */
    private static final class Topics implements TopicMetadataLookup {

        private final List<TopicMetadata> all;
        private final AtomicInteger listed = new AtomicInteger();
        private long version;

        Topics(TopicMetadata... topics) {
            this.all = new ArrayList<>(List.of(topics));
        }

        void add(TopicMetadata topic) {
            all.add(topic);
            version++;
        }

        TopicMetadata grow(String name, int partitions) {
            TopicMetadata old = find(name).orElseThrow();
            TopicMetadata grown = new TopicMetadata(old.id(), name, partitions);
            all.set(all.indexOf(old), grown);
            version++;
            return grown;
        }

        void removeFirst() {
            all.remove(0);
            version++;
        }

        @Override
        public Optional<TopicMetadata> find(String topicName) {
            return all.stream().filter(topic -> topic.name().equals(topicName)).findFirst();
        }

        @Override
        public Collection<TopicMetadata> all() {
            listed.incrementAndGet();
            return List.copyOf(all);
        }

        @Override
        public long version() {
            return version;
        }
    }
}
