package io.hexalog.application.port.out;

import io.hexalog.domain.error.TopicAlreadyExistsException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TopicCatalog} promises. An adapter's test extends this class and supplies a fresh,
 * empty catalog per test.
 */
public abstract class TopicCatalogContract {

    private TopicCatalog catalog;

    /** The adapter under test, empty. Called once before each test. */
    protected abstract TopicCatalog createCatalog();

    @BeforeEach
    void createCatalogUnderTest() {
        catalog = createCatalog();
    }

    protected TopicCatalog catalog() {
        return catalog;
    }

    @Test
    void shouldFindCreatedTopicByNameAndById() {
        Topic topic = new Topic(TopicName.of("orders"), TopicId.random(), 3,
                Map.of("retention.ms", "86400000", "cleanup.policy", "delete"));

        catalog.create(topic);

        assertThat(catalog.find(topic.name())).contains(topic);
        assertThat(catalog.find(topic.id())).contains(topic);
    }

    @Test
    void shouldMoveItsVersionOnWithEveryChangeOnly() {
        Topic orders = Topic.create(TopicName.of("orders"), 1);
        long empty = catalog.version();

        catalog.create(orders);
        long created = catalog.version();
        catalog.find(orders.name());
        catalog.list();
        assertThat(catalog.version()).as("reading changes nothing").isEqualTo(created);
        catalog.update(new Topic(orders.name(), orders.id(), 2, orders.configs()));
        long grown = catalog.version();
        catalog.delete(TopicId.random());
        assertThat(catalog.version()).as("deleting what is not there changes nothing").isEqualTo(grown);
        catalog.delete(orders.id());

        assertThat(List.of(empty, created, grown, catalog.version())).doesNotHaveDuplicates();
    }

    @Test
    void shouldFindNothingUnderUnknownNameOrId() {
        catalog.create(Topic.create(TopicName.of("orders"), 1));

        assertThat(catalog.find(TopicName.of("payments"))).isEmpty();
        assertThat(catalog.find(TopicId.random())).isEmpty();
    }

    @Test
    void shouldRejectTopicWhoseNameExistsEvenUnderAnotherId() {
        Topic original = Topic.create(TopicName.of("orders"), 1);
        catalog.create(original);
        Topic sameName = Topic.create(TopicName.of("orders"), 5);

        assertThatThrownBy(() -> catalog.create(sameName)).isInstanceOf(TopicAlreadyExistsException.class);

        assertThat(catalog.find(original.name())).contains(original);
        assertThat(catalog.find(sameName.id())).isEmpty();
        assertThat(catalog.list()).containsExactly(original);
    }

    @Test
    void shouldListEveryTopic() {
        Topic orders = Topic.create(TopicName.of("orders"), 1);
        Topic payments = Topic.create(TopicName.of("payments"), 2);
        Topic audit = new Topic(TopicName.of("audit"), TopicId.random(), 4, Map.of("retention.ms", "-1"));

        catalog.create(orders);
        catalog.create(payments);
        catalog.create(audit);

        assertThat(catalog.list()).containsExactlyInAnyOrder(orders, payments, audit);
    }

    @Test
    void shouldListNothingWhenEmpty() {
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void shouldDeleteTopicByIdAndReportThatItExisted() {
        Topic orders = Topic.create(TopicName.of("orders"), 1);
        Topic payments = Topic.create(TopicName.of("payments"), 1);
        catalog.create(orders);
        catalog.create(payments);

        boolean deleted = catalog.delete(orders.id());

        assertThat(deleted).isTrue();
        assertThat(catalog.find(orders.name())).isEmpty();
        assertThat(catalog.find(orders.id())).isEmpty();
        assertThat(catalog.list()).containsExactly(payments);
    }

    @Test
    void shouldReportThatUnknownTopicDidNotExistOnDelete() {
        catalog.create(Topic.create(TopicName.of("orders"), 1));

        boolean deleted = catalog.delete(TopicId.random());

        assertThat(deleted).isFalse();
        assertThat(catalog.list()).hasSize(1);
    }

    @Test
    void shouldAcceptNameAgainUnderNewIdAfterDelete() {
        Topic first = Topic.create(TopicName.of("orders"), 1);
        catalog.create(first);
        catalog.delete(first.id());
        Topic second = Topic.create(TopicName.of("orders"), 2);

        catalog.create(second);

        assertThat(catalog.find(TopicName.of("orders"))).contains(second);
        assertThat(catalog.find(first.id())).isEmpty();
    }

    @Test
    void shouldReplaceConfigsAndPartitionCountOnUpdate() {
        Topic orders = new Topic(TopicName.of("orders"), TopicId.random(), 1, Map.of("retention.ms", "1000"));
        catalog.create(orders);
        Topic changed = orders.withPartitionCount(4).withConfigs(Map.of("cleanup.policy", "delete"));

        boolean updated = catalog.update(changed);

        assertThat(updated).isTrue();
        assertThat(catalog.find(orders.id())).contains(changed);
        assertThat(catalog.find(orders.name())).contains(changed);
        assertThat(catalog.list()).containsExactly(changed);
    }

    @Test
    void shouldNotAddAnUnknownTopicOnUpdate() {
        Topic unknown = Topic.create(TopicName.of("orders"), 2);

        boolean updated = catalog.update(unknown);

        assertThat(updated).isFalse();
        assertThat(catalog.find(unknown.id())).isEmpty();
        assertThat(catalog.find(unknown.name())).isEmpty();
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void shouldNotBringBackADeletedTopicOnUpdate() {
        Topic orders = Topic.create(TopicName.of("orders"), 1);
        catalog.create(orders);
        catalog.delete(orders.id());

        boolean updated = catalog.update(orders.withPartitionCount(3));

        assertThat(updated).isFalse();
        assertThat(catalog.find(orders.name())).isEmpty();
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void shouldLetExactlyOneOfConcurrentCreatesOfOneNameSucceed() throws Exception {
        int creators = 8;
        ExecutorService threads = Executors.newFixedThreadPool(creators);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < creators; i++) {
                Callable<Boolean> create = () -> {
                    try {
                        catalog.create(Topic.create(TopicName.of("contended"), 1));
                        return true;
                    } catch (TopicAlreadyExistsException e) {
                        return false;
                    }
                };
                outcomes.add(threads.submit(create));
            }

            int succeeded = 0;
            for (Future<Boolean> outcome : outcomes) {
                succeeded += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(succeeded).isEqualTo(1);
            assertThat(catalog.list()).hasSize(1);
            Topic winner = catalog.list().iterator().next();
            assertThat(catalog.find(winner.id())).contains(winner);
        } finally {
            threads.shutdownNow();
        }
    }
}
