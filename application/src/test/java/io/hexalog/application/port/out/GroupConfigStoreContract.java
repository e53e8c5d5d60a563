package io.hexalog.application.port.out;

import io.hexalog.domain.group.GroupId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link GroupConfigStore} promises. An adapter's test extends this class and supplies a fresh, empty
 * store per test.
 */
public abstract class GroupConfigStoreContract {

    protected static final GroupId BILLING = GroupId.of("billing");
    protected static final GroupId AUDIT = GroupId.of("audit");

    private GroupConfigStore store;

    /** The adapter under test, empty. Called once before each test. */
    protected abstract GroupConfigStore createStore();

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    protected GroupConfigStore store() {
        return store;
    }

    @Test
    void shouldHaveNoConfigsForAGroupNeverPut() {
        assertThat(store.configs(BILLING)).isEmpty();
        assertThat(store.all()).isEmpty();
    }

    @Test
    void shouldReturnConfigsExactlyAsPut() {
        store.put(BILLING, Map.of("consumer.session.timeout.ms", "50000", "consumer.heartbeat.interval.ms", "6000"));

        assertThat(store.configs(BILLING)).containsExactlyInAnyOrderEntriesOf(
                Map.of("consumer.session.timeout.ms", "50000", "consumer.heartbeat.interval.ms", "6000"));
        assertThat(store.all()).containsOnlyKeys(BILLING);
    }

    @Test
    void shouldReplaceTheWholeSetOnPut() {
        store.put(BILLING, Map.of("consumer.session.timeout.ms", "50000", "consumer.heartbeat.interval.ms", "6000"));

        store.put(BILLING, Map.of("consumer.session.timeout.ms", "55000"));

        assertThat(store.configs(BILLING)).containsExactlyEntriesOf(Map.of("consumer.session.timeout.ms", "55000"));
    }

    @Test
    void shouldRemoveTheGroupWhenItsConfigsAreEmpty() {
        store.put(BILLING, Map.of("consumer.session.timeout.ms", "50000"));

        store.put(BILLING, Map.of());

        assertThat(store.configs(BILLING)).isEmpty();
        assertThat(store.all()).doesNotContainKey(BILLING);
    }

    @Test
    void shouldKeepGroupsApart() {
        store.put(BILLING, Map.of("consumer.session.timeout.ms", "50000"));
        store.put(AUDIT, Map.of("consumer.heartbeat.interval.ms", "7000"));

        store.put(BILLING, Map.of());

        assertThat(store.configs(AUDIT)).containsExactlyEntriesOf(Map.of("consumer.heartbeat.interval.ms", "7000"));
        assertThat(store.all()).containsOnlyKeys(AUDIT);
    }

    @Test
    void shouldIgnoreRemovingAGroupWithoutConfigs() {
        store.put(AUDIT, Map.of());

        assertThat(store.all()).isEmpty();
    }

    @Test
    void shouldNeverShowAHalfWrittenSet() throws Exception {
        Map<String, String> first = Map.of("consumer.session.timeout.ms", "50000", "consumer.heartbeat.interval.ms", "6000");
        Map<String, String> second = Map.of("consumer.session.timeout.ms", "55000", "consumer.heartbeat.interval.ms", "7000");
        store.put(BILLING, first);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    store.put(BILLING, i % 2 == 0 ? second : first);
                }
            });
            while (!writes.isDone()) {
                assertThat(store.configs(BILLING)).isIn(first, second);
            }
            writes.get(30, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
    }
}
