package io.hexalog.adapter.replication.ratis;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Read-only questions a node asks a group's leader or one of its members (a copy's next chunk, a replica check,
 * whether a node is stopping, the metadata quorum), each through a Ratis client of its own: the node's own clients
 * may not exist yet when a member that starts empty asks, and a question must not queue behind the node's commands.
 * The state machine that is asked answers in {@link CommandStateMachine#query}.
 */
final class MemberQuestions {

    /** How many times one member is asked a question before another is chosen: a second's worth. */
    private static final int MEMBER_QUESTION_TRIES = 5;

    private final Supplier<RaftProperties> properties;
    private final Duration requestTimeout;

    /**
     * @param properties     the node's Ratis properties, once it has made them
     * @param requestTimeout how long a question to a group's leader may go on being tried
     */
    MemberQuestions(Supplier<RaftProperties> properties, Duration requestTimeout) {
        this.properties = properties;
        this.requestTimeout = requestTimeout;
    }

    /** A question sent through a Ratis client, which retries it until it is answered or it gives up. */
    @FunctionalInterface
    private interface Question {
        RaftClientReply send() throws IOException;
    }

    /** Asks a group's leader, wherever it is, a read-only question, for as long as a request may wait. Blocks. */
    byte[] askLeader(RaftGroup group, byte[] question) throws IOException {
        try (RaftClient client = ClientRetries.client(properties.get(), group, ClientRetries.within(requestTimeout))) {
            return answer(() -> client.io().sendReadOnly(Messages.of(question)), "The leader of " + group.getGroupId());
        }
    }

    /**
     * Asks a group's leader a read-only question as {@link #askLeader(RaftGroup, byte[])} does, but gives up at once
     * when {@code abandoned} completes: a question to a leader that is gone otherwise goes on being tried, up to the
     * request timeout, even where no new leader can serve before the asker gives up. Blocks.
     */
    byte[] askLeader(RaftGroup group, byte[] question, CompletableFuture<Void> abandoned) throws IOException {
        try (RaftClient client = ClientRetries.client(properties.get(), group, ClientRetries.within(requestTimeout))) {
            return answer(() -> {
                CompletableFuture<RaftClientReply> reply = client.async().sendReadOnly(Messages.of(question));
                try {
                    CompletableFuture.anyOf(reply, abandoned).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while waiting for the answer");
                } catch (ExecutionException e) {
                    throw new IOException(e.getCause());
                }
                if (!reply.isDone()) {
                    throw new IOException("it stopped leading while it was asked");
                }
                return reply.join();
            }, "The leader of " + group.getGroupId());
        }
    }

    /**
     * Asks one member of a group a read-only question, which it answers from what it has applied. Blocks for a second
     * at most: a member that cannot answer now (just started, or gone) is given up for one that can at the next try.
     */
    byte[] askMember(RaftGroup group, RaftPeerId member, byte[] question) throws IOException {
        return askMember(group, member, question, MEMBER_QUESTION_TRIES);
    }

    /** Asks one member of a group a read-only question, trying {@code tries} times at most. Blocks. */
    byte[] askMember(RaftGroup group, RaftPeerId member, byte[] question, int tries) throws IOException {
        try (RaftClient client = ClientRetries.client(properties.get(), group, ClientRetries.times(tries))) {
            return answer(() -> client.io().sendStaleRead(Messages.of(question), 0, member),
                    "Node " + GroupLayout.nodeId(member) + " of " + group.getGroupId());
        }
    }

    /**
     * The answer to {@code question}; a failure says who did not answer and why, in the same words at every try (the
     * client's own failure names its call), so that a caller logging a failure once logs a lasting one once.
     */
    private static byte[] answer(Question question, String asked) throws IOException {
        RaftClientReply reply;
        try {
            reply = question.send();
        } catch (IOException e) {
            throw new IOException(asked + " did not answer: " + deepestReason(e), e);
        }
        if (!reply.isSuccess()) {
            throw new IOException(asked + " did not answer: " + deepestReason(reply.getException()));
        }
        return reply.getMessage().getContent().toByteArray();
    }

    private static String deepestReason(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest.getMessage() != null ? deepest.getMessage() : deepest.toString();
    }
}
