package io.hexalog.adapter.replication.ratis;

/**
 * Numbers the commands of a Raft log. An entry may carry several commands of one shard (see
 * {@link ShardSubmitter}), so the entry's index alone does not tell them apart; a store records, with each
 * append, the position of the command it came from, and a node that replays its log after a restart skips a
 * command whose position its store has passed. The position is the entry's index times
 * {@link #MAX_COMMANDS_PER_ENTRY}, plus the command's place in the entry: it grows from command to command and
 * orders them as the log does.
 */
final class CommandPositions {

    /** At most this many commands share one entry; far more than a full entry of the smallest appends holds. */
    static final int MAX_COMMANDS_PER_ENTRY = 1 << 12;

    private CommandPositions() {
    }

    /** The position of the command at {@code part} (from 0) in the entry at {@code entryIndex}. */
    static long of(long entryIndex, int part) {
        if (entryIndex < 0 || part < 0 || part >= MAX_COMMANDS_PER_ENTRY) {
            throw new IllegalArgumentException("No command " + part + " in entry " + entryIndex);
        }
        return entryIndex * MAX_COMMANDS_PER_ENTRY + part;
    }
}
