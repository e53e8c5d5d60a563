package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A group's regular expressions are matched against the topics again only when the topics or expressions change. */
class RegexResolutionTest {

    private final RegexResolution resolution = new RegexResolution();
    private final AtomicInteger matchesTried = new AtomicInteger();
    private final TopicPattern orders = counting("orders-.*");
    private final List<TopicMetadata> topics = new ArrayList<>(List.of(topic("orders-eu"), topic("payments"),
            topic("orders-us")));

    @Test
    void shouldMatchEveryTopicOnceAndThenAnswerFromWhatItResolved() {
        assertThat(resolution.matching(topics, Set.of(orders))).containsExactlyInAnyOrder("orders-eu", "orders-us");
        assertThat(matchesTried).hasValue(3);

        assertThat(resolution.matching(topics, Set.of(orders))).containsExactlyInAnyOrder("orders-eu", "orders-us");

        assertThat(matchesTried).as("no topic changed").hasValue(3);
    }

    @Test
    void shouldResolveAgainWhenATopicIsCreatedOrDeleted() {
        resolution.matching(topics, Set.of(orders));

        topics.add(topic("orders-apac"));
        assertThat(resolution.matching(topics, Set.of(orders)))
                .containsExactlyInAnyOrder("orders-eu", "orders-us", "orders-apac");
        topics.remove(0);
        assertThat(resolution.matching(topics, Set.of(orders))).containsExactlyInAnyOrder("orders-us", "orders-apac");
    }

    @Test
    void shouldResolveOnlyTheNewPatternWhenAMemberSubscribesWithAnother() {
        resolution.matching(topics, Set.of(orders));
        int before = matchesTried.get();

        TopicPattern payments = counting("pay.*");
        assertThat(resolution.matching(topics, Set.of(orders, payments)))
                .containsExactlyInAnyOrder("orders-eu", "orders-us", "payments");

        assertThat(matchesTried.get() - before).as("only the new pattern is matched").isEqualTo(3);
        assertThat(resolution.matching(topics, Set.of(payments))).containsExactly("payments");
    }

    private TopicPattern counting(String regex) {
        return new TopicPattern(regex, name -> {
            matchesTried.incrementAndGet();
            return name.matches(regex);
        });
    }

    private static TopicMetadata topic(String name) {
        return new TopicMetadata(TopicId.random(), name, 3);
    }
}
