package io.hexalog.domain.group;

/**
 * When the join phase of a rebalance ends. The first rebalance of an empty group waits
 * {@code group.initial.rebalance.delay.ms}, and waits that long again each time a new member arrived
 * meanwhile, until the rebalance timeout is used up.
 */
final class JoinPhaseTimer {

    private long deadlineMs;
    private int delayMs;
    private int remainingMs;
    private boolean newMemberAdded;

    void startInitial(int initialDelayMs, int remainingAfterDelayMs) {
        this.delayMs = initialDelayMs;
        this.remainingMs = remainingAfterDelayMs;
        this.newMemberAdded = false;
    }

    void newMemberAdded() {
        this.newMemberAdded = true;
    }

    /** Whether the initial delay runs again: a member arrived during it and time is left. */
    boolean shouldExtend() {
        return newMemberAdded && remainingMs != 0;
    }

    /** @return the length of the next delay */
    int extend(int configuredDelayMs) {
        newMemberAdded = false;
        int nextDelayMs = Math.min(configuredDelayMs, remainingMs);
        remainingMs = Math.max(remainingMs - delayMs, 0);
        delayMs = nextDelayMs;
        return nextDelayMs;
    }

    void deadline(long newDeadlineMs) {
        this.deadlineMs = newDeadlineMs;
    }

    long deadlineMs() {
        return deadlineMs;
    }
}
