package io.hexalog.adapter.replication.ratis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One node of the cluster and the address its replication traffic uses, as Kafka's
 * {@code controller.quorum.voters} writes it: {@code ID@HOST:PORT}.
 */
public record QuorumVoter(int nodeId, String host, int port) {

    public QuorumVoter {
        if (nodeId < 0) {
            throw new IllegalArgumentException("A voter's node ID must not be negative: " + nodeId);
        }
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("Voter " + nodeId + " has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Voter " + nodeId + " has port " + port + ", outside 1..65535");
        }
    }

    /**
     * Parses a comma-separated list of {@code ID@HOST:PORT}.
     *
     * @throws IllegalArgumentException naming the first entry that is malformed, or a node ID given twice
     */
    public static List<QuorumVoter> parseAll(String voters) {
        List<QuorumVoter> parsed = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String entry : voters.split(",")) {
            QuorumVoter voter = parse(entry.trim());
            if (!seen.add(voter.nodeId())) {
                throw new IllegalArgumentException("Node ID " + voter.nodeId() + " appears twice in '" + voters + "'");
            }
            parsed.add(voter);
        }
        return List.copyOf(parsed);
    }

    private static QuorumVoter parse(String entry) {
        int at = entry.indexOf('@');
        int colon = entry.lastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("'" + entry + "' is not ID@HOST:PORT");
        }
        try {
            return new QuorumVoter(Integer.parseInt(entry.substring(0, at)), entry.substring(at + 1, colon),
                    Integer.parseInt(entry.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "' is not ID@HOST:PORT: " + e.getMessage(), e);
        }
    }

    /** The voter as {@code --quorum-voters} names it. */
    @Override
    public String toString() {
        return nodeId + "@" + host + ":" + port;
    }
}
