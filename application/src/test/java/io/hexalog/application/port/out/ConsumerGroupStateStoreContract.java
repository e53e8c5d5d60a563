package io.hexalog.application.port.out;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ConsumerGroupStateStore} promises. An adapter's test extends this class and supplies a fresh,
 * empty store per test.
 */
public abstract class ConsumerGroupStateStoreContract {

    protected static final GroupId BILLING = GroupId.of("billing");
    protected static final GroupId AUDIT = GroupId.of("audit");

    private ConsumerGroupStateStore store;

    /** The adapter under test, empty. Called once before each test. */
    protected abstract ConsumerGroupStateStore createStore();

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    protected ConsumerGroupStateStore store() {
        return store;
    }

    @Test
    void shouldHaveNoImageForAGroupNeverPut() {
        assertThat(store.find(BILLING)).isEmpty();
        assertThat(store.all()).isEmpty();
    }

    @Test
    void shouldReturnTheImageAsPut() {
        ConsumerGroupImage image = ConsumerGroupImages.twoMembersRebalancing(BILLING);

        store.put(image);

        assertThat(store.find(BILLING)).contains(image);
        assertThat(store.all()).isEqualTo(Map.of(BILLING, image));
    }

    @Test
    void shouldReplaceTheImageOnPut() {
        store.put(ConsumerGroupImages.oneMember(BILLING, 1));
        ConsumerGroupImage later = ConsumerGroupImages.twoMembersRebalancing(BILLING);

        store.put(later);

        assertThat(store.find(BILLING)).contains(later);
        assertThat(store.all()).hasSize(1);
    }

    @Test
    void shouldForgetARemovedGroupAndKeepTheOthers() {
        store.put(ConsumerGroupImages.oneMember(BILLING, 1));
        store.put(ConsumerGroupImages.oneMember(AUDIT, 3));

        store.remove(BILLING);

        assertThat(store.find(BILLING)).isEmpty();
        assertThat(store.all()).isEqualTo(Map.of(AUDIT, ConsumerGroupImages.oneMember(AUDIT, 3)));
    }

    @Test
    void shouldIgnoreRemovingAGroupWithoutAnImage() {
        store.remove(AUDIT);

        assertThat(store.all()).isEmpty();
    }

    @Test
    void shouldNeverShowAHalfWrittenImage() throws Exception {
        ConsumerGroupImage first = ConsumerGroupImages.oneMember(BILLING, 1);
        ConsumerGroupImage second = ConsumerGroupImages.twoMembersRebalancing(BILLING);
        store.put(first);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    store.put(i % 2 == 0 ? second : first);
                }
            });
            while (!writes.isDone()) {
                assertThat(store.find(BILLING).orElseThrow()).isIn(first, second);
            }
            writes.get(30, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
    }
}
