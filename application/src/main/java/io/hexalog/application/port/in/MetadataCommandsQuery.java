package io.hexalog.application.port.in;

import io.hexalog.domain.cluster.ReplicatedCommand;

import java.util.List;

/**
 * The broker's metadata as commands: what a replicated log writes into a snapshot of its metadata, so that it may
 * forget the commands before it. The metadata is the topics and the IDs of the deleted ones, the committed offsets, groups' configs,
 * the producer ID counter, and the transactions with their pending offsets; partition logs are not part of it.
 *
 * <p>Contract: applying the listed commands in order through {@link ApplyCommandUseCase}, to a broker whose
 * metadata stores are empty, leaves it with the same metadata as this broker's when it was asked: the same topics
 * (IDs, partition counts and configs included), deleted topics whose appends fail at once, the same committed and
 * pending offsets, the same group configs, the same transactions, and a producer ID counter that hands out the same next block. The
 * listing is as consistent as the caller makes it: it reads the stores one after the other, so the caller must
 * ask where no command is being applied meanwhile (a replicated log asks on the thread that applies its commands).
 */
public interface MetadataCommandsQuery {

    /**
     * Reads the metadata stores and lists the commands that rebuild them. Blocks while it reads; never call from an
     * event loop.
     *
     * @param epoch the epoch the commands are to be applied in (a replicated log's term at the snapshot); the
     *              commands of the transaction coordinator carry it as their coordinator epoch, since they are
     *              applied only in the epoch they name
     * @return the commands, to be applied in this order
     */
    List<ReplicatedCommand<?>> metadataCommands(int epoch);
}
