package io.hexalog.adapter.replication.ratis;

import java.util.concurrent.CompletableFuture;

/**
 * A group's leader, wherever it is: each question goes to whichever member leads when it is asked, and is tried again
 * for as long as a request may wait.
 */
interface GroupLeader extends AnsweringMember {

    /**
     * The same leader, but a question still waiting when {@code abandoned} completes fails at once: a copy from a
     * leader that stopped leading gives up rather than wait for a new one ({@link LeaderWatch}).
     */
    AnsweringMember until(CompletableFuture<Void> abandoned);
}
