package io.hexalog.domain.log;

/** Sequence number arithmetic: sequences are non-negative ints that wrap to 0 after Integer.MAX_VALUE. */
public final class ProducerSequences {

    private ProducerSequences() {
    }

    public static int add(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }

    /** Whether {@code next} directly follows {@code last}. */
    public static boolean follows(int last, int next) {
        return next == add(last, 1);
    }
}
