package io.hexalog.application.service;

import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.group.consumer.ConsumerGroupImage;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * Consumer groups' durable state: written through the replicated log, so that the store of every broker of a
 * cluster holds it (the coordinator's successor included), and read from this broker's store. Writes block until
 * the log applied them; they are made on threads that may block, or handed to one ({@link #later}).
 */
final class ConsumerGroupStates {

    private final ReplicatedLog log;
    private final ConsumerGroupStateStore store;
    private final IntSupplier coordinatorEpoch;
    private final Executor blocking;

    /**
     * @param coordinatorEpoch the epoch of the coordinator writing: a deposed one's late writes are refused
     * @param blocking         where writes that need not hold up their caller run ({@link #later})
     */
    ConsumerGroupStates(ReplicatedLog log, ConsumerGroupStateStore store, IntSupplier coordinatorEpoch,
                        Executor blocking) {
        this.log = log;
        this.store = store;
        this.coordinatorEpoch = coordinatorEpoch;
        this.blocking = blocking;
    }

    /** Runs a write on a thread that may block, for a caller that must not (a timer, an event loop). */
    void later(Runnable write) {
        blocking.execute(write);
    }

    /** The coordinator epoch now: a group held in memory writes under the epoch it was made or restored in. */
    int coordinatorEpoch() {
        return coordinatorEpoch.getAsInt();
    }

    /**
     * @param epoch the coordinator epoch the writer holds the group in: the log refuses it in another one
     * @throws io.hexalog.domain.error.HexalogException if the log could not take it (NOT_COORDINATOR, timeouts)
     */
    void put(ConsumerGroupImage image, int epoch) {
        FutureFailures.await(log.submit(new ReplicatedCommand.PutConsumerGroup(image, epoch)));
    }

    /** @throws io.hexalog.domain.error.HexalogException as {@link #put} */
    void remove(GroupId group, int epoch) {
        if (store.find(group).isPresent()) {
            FutureFailures.await(log.submit(new ReplicatedCommand.RemoveConsumerGroup(group, epoch)));
        }
    }

    Optional<ConsumerGroupImage> find(GroupId group) {
        return store.find(group);
    }

    Map<GroupId, ConsumerGroupImage> all() {
        return store.all();
    }
}
