package io.hexalog.adapter.storage.rocksdb;

import io.hexalog.domain.topic.TopicId;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class IdleScansTest {

    private static final long IDLE_NANOS = 1_000;
    private static final TopicId ORDERS = TopicId.random();
    private static final TopicIdPartition ORDERS_0 = new TopicIdPartition(ORDERS, TopicName.of("orders"), 0);
    private static final TopicIdPartition ORDERS_1 = new TopicIdPartition(ORDERS, TopicName.of("orders"), 1);
    private static final TopicIdPartition PAYMENTS_0 =
            new TopicIdPartition(TopicId.random(), TopicName.of("payments"), 0);

    @TempDir
    Path dataDir;
    private final AtomicLong now = new AtomicLong();
    private Database database;
    private IdleScans scans;

    @BeforeEach
    void openDatabase() throws RocksDBException {
        database = Database.open(dataDir);
        scans = new IdleScans(2, IDLE_NANOS, now::get);
    }

    @AfterEach
    void closeDatabase() throws RocksDBException {
        scans.close();
        database.close();
    }

    @Test
    void shouldHandTheScanGivenBackToThePartitionsNextRead() throws RocksDBException {
        IdleScans.Taken first = scans.take(database, ORDERS_0);
        scans.giveBack(first);

        IdleScans.Taken next = scans.take(database, ORDERS_0);

        assertThat(next.scan()).isSameAs(first.scan());
        assertThat(next.scan().isOpen()).isTrue();
        next.scan().close();
    }

    @Test
    void shouldRefreshTheScanItHandsOutToSeeWritesAndRangeDeletionsMadeSinceItWasGivenBack()
            throws RocksDBException {
        put(ORDERS_0, 0);
        put(ORDERS_0, 5);
        IdleScans.Taken first = scans.take(database, ORDERS_0);
        assertThat(first.scan().seekToFirst().keyValue()).isZero();
        scans.giveBack(first);

        database.db().deleteRange(database.batchIndex(), Keys.key(ORDERS_0, 0), Keys.key(ORDERS_0, 5));
        put(ORDERS_0, 9);
        IdleScans.Taken next = scans.take(database, ORDERS_0);

        assertThat(next.scan()).isSameAs(first.scan());
        assertThat(next.scan().seekToFirst().keyValue()).isEqualTo(5);
        next.scan().next();
        assertThat(next.scan().keyValue()).isEqualTo(9);
        next.scan().next();
        assertThat(next.scan().isValid()).isFalse();
        next.scan().close();
    }

    @Test
    void shouldGiveTwoReadsOfOnePartitionAtOnceTheirOwnScans() throws RocksDBException {
        IdleScans.Taken first = scans.take(database, ORDERS_0);
        IdleScans.Taken second = scans.take(database, ORDERS_0);

        assertThat(second.scan()).isNotSameAs(first.scan());

        scans.giveBack(first);
        scans.giveBack(second);
        assertThat(first.scan().isOpen()).isFalse();
        assertThat(scans.idleCount()).isEqualTo(1);
    }

    @Test
    void shouldCloseTheLeastRecentlyUsedScanBeyondItsCapacity() throws RocksDBException {
        IdleScans.Taken orders0 = scans.take(database, ORDERS_0);
        IdleScans.Taken orders1 = scans.take(database, ORDERS_1);
        IdleScans.Taken payments0 = scans.take(database, PAYMENTS_0);

        scans.giveBack(orders0);
        scans.giveBack(orders1);
        scans.giveBack(payments0);

        assertThat(scans.idleCount()).isEqualTo(2);
        assertThat(orders0.scan().isOpen()).isFalse();
        assertThat(orders1.scan().isOpen()).isTrue();
        assertThat(payments0.scan().isOpen()).isTrue();
    }

    @Test
    void shouldCloseOnlyTheScansUnusedForLongerThanTheIdleTime() throws RocksDBException {
        IdleScans.Taken orders0 = scans.take(database, ORDERS_0);
        IdleScans.Taken orders1 = scans.take(database, ORDERS_1);
        scans.giveBack(orders0);
        now.addAndGet(IDLE_NANOS / 2);
        scans.giveBack(orders1);

        now.addAndGet(IDLE_NANOS / 2);
        scans.closeIdle();

        assertThat(orders0.scan().isOpen()).isFalse();
        assertThat(orders1.scan().isOpen()).isTrue();
        assertThat(scans.idleCount()).isEqualTo(1);
    }

    @Test
    void shouldCloseAScanTakenBeforeItsPartitionWasForgottenWhenItIsGivenBack() throws RocksDBException {
        IdleScans.Taken idle = scans.take(database, ORDERS_0);
        scans.giveBack(idle);
        IdleScans.Taken reading = scans.take(database, ORDERS_1);

        scans.forget(ORDERS_0);
        scans.giveBack(reading);

        assertThat(idle.scan().isOpen()).isFalse();
        assertThat(reading.scan().isOpen()).isFalse();
        assertThat(scans.idleCount()).isZero();
    }

    @Test
    void shouldCloseTheIdleScansOfAForgottenTopicOnly() throws RocksDBException {
        IdleScans.Taken orders0 = scans.take(database, ORDERS_0);
        IdleScans.Taken payments0 = scans.take(database, PAYMENTS_0);
        scans.giveBack(orders0);
        scans.giveBack(payments0);

        scans.forget(ORDERS);

        assertThat(orders0.scan().isOpen()).isFalse();
        assertThat(payments0.scan().isOpen()).isTrue();
    }

    @Test
    void shouldCloseScansGivenBackOnceItIsClosed() throws RocksDBException {
        IdleScans.Taken idle = scans.take(database, ORDERS_0);
        scans.giveBack(idle);
        IdleScans.Taken reading = scans.take(database, ORDERS_1);

        scans.close();
        scans.giveBack(reading);

        assertThat(idle.scan().isOpen()).isFalse();
        assertThat(reading.scan().isOpen()).isFalse();
    }

    private void put(TopicIdPartition partition, long offset) throws RocksDBException {
        database.db().put(database.batchIndex(), Keys.key(partition, offset), new byte[] {1});
    }
}
