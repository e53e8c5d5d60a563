package io.hexalog.application.port.in;

/** An offset found by a lookup, with the timestamp that matched (-1 when the lookup was not by time). */
public record ListedOffset(long offset, long timestamp, int leaderEpoch) {

    public static final ListedOffset NOT_FOUND = new ListedOffset(-1, -1, -1);
}
