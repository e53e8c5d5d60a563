package io.hexalog.application.service;

import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** An append may reach a replica before the creation of its topic does: it waits, in order. */
class PartitionRegistryWaitingTest {

    private final PartitionRegistry registry = new PartitionRegistry(new InMemoryPartitionLogStoreFake(),
            new StaticClusterViewFake(1), new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS);
    private final Topic topic = Topic.create(TopicName.of("orders"), 2);

    @Test
    void shouldAnswerAtOnceForAHostedPartition() {
        registry.open(topic);

        assertThat(registry.whenHosted(topic.partition(0))).isCompleted();
    }

    @Test
    void shouldKeepAppendsWaitingUntilTheTopicOpensAndReleaseThemInTheOrderTheyCame() {
        List<String> released = new ArrayList<>();
        CompletableFuture<Partition> first = registry.whenHosted(topic.partition(1));
        first.thenRun(() -> released.add("first"));
        CompletableFuture<Partition> second = registry.whenHosted(topic.partition(1));
        second.thenRun(() -> released.add("second"));
        assertThat(first).isNotDone();

        registry.open(topic);

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(released).containsExactly("first", "second");
        assertThat(registry.whenHosted(topic.partition(1))).isCompleted();
    }

    @Test
    void shouldNotLetAnAppendFromAnotherThreadOvertakeTheAppendsBeingReleased() throws Exception {
        // the shard's applying thread asks while the metadata's applying thread releases the waiting appends
        List<String> released = new CopyOnWriteArrayList<>();
        CompletableFuture<Partition> first = registry.whenHosted(topic.partition(1));
        CompletableFuture<Partition> second = registry.whenHosted(topic.partition(1));
        Thread later = new Thread(() -> registry.whenHosted(topic.partition(1)).thenRun(() -> released.add("later")));
        first.thenRun(() -> {
            released.add("first");
            later.start();
            joinQuietly(later, Duration.ofMillis(300));
        });
        second.thenRun(() -> released.add("second"));

        registry.open(topic);
        later.join(Duration.ofSeconds(5).toMillis());

        assertThat(released).containsExactly("first", "second", "later");
    }

    private static void joinQuietly(Thread thread, Duration wait) {
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldFailWaitingAndLaterAppendsOfADeletedTopic() {
        CompletableFuture<Partition> waiting = registry.whenHosted(topic.partition(0));

        registry.close(topic.id());

        assertThat(waiting).isCompletedExceptionally();
        assertThat(registry.whenHosted(topic.partition(0))).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldAnswerLookupsOfATopicThatCameBeforeItInTheOrderTheyCameAndBeforeAnyLaterLookup() {
        List<String> answered = new ArrayList<>();
        CompletableFuture<Optional<Topic>> first = registry.whenOpened(topic.id(), Duration.ofMinutes(1));
        first.thenRun(() -> answered.add("first"));
        CompletableFuture<Optional<Topic>> second = registry.whenOpened(topic.id(), Duration.ofMinutes(1));
        second.thenRun(() -> answered.add("second"));
        assertThat(first).isNotDone();

        registry.open(topic);
        registry.whenOpened(topic.id(), Duration.ofMinutes(1)).thenRun(() -> answered.add("later"));

        assertThat(first.join()).contains(topic);
        assertThat(second.join()).contains(topic);
        assertThat(answered).containsExactly("first", "second", "later");
    }

    @Test
    void shouldAnswerEmptyWhenTheTopicDoesNotComeInTime() {
        CompletableFuture<Optional<Topic>> lookup = registry.whenOpened(topic.id(), Duration.ofMillis(50));

        assertThat(lookup).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(Optional.empty());
        registry.open(topic);
        assertThat(registry.whenOpened(topic.id(), Duration.ZERO).join()).contains(topic);
    }

    @Test
    void shouldNotWaitForADeletedTopicNorWhenToldNotTo() {
        assertThat(registry.whenOpened(topic.id(), Duration.ZERO).join()).isEmpty();

        registry.open(topic);
        registry.close(topic.id());

        assertThat(registry.whenOpened(topic.id(), Duration.ofMinutes(1))).isCompletedWithValue(Optional.empty());
    }

    @Test
    void shouldAnswerLookupsByNameWithTheNextTopicOfThatNameOpened() {
        CompletableFuture<Optional<Topic>> byName = registry.whenOpened(topic.name(), Duration.ofMinutes(1));
        assertThat(byName).isNotDone();

        registry.open(topic);
        assertThat(byName.join()).contains(topic);

        registry.close(topic.id());
        assertThat(registry.whenOpened(topic.name(), Duration.ZERO).join()).as("a deleted topic is gone by name")
                .isEmpty();
        Topic recreated = Topic.create(topic.name(), 1);
        CompletableFuture<Optional<Topic>> again = registry.whenOpened(topic.name(), Duration.ofMinutes(1));
        registry.open(recreated);
        assertThat(again.join()).contains(recreated);
    }
}
