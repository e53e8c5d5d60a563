package io.hexalog.adapter.protocol.kafka;

/**
 * Text that came from a client (a client ID, a transactional ID, a group or member ID, a topic name, an
 * exception message quoting a request), made safe to put in a log line: control characters are shown
 * escaped ({@code \n}, {@code \r}, {@code \t}, others as {@code \u001b}), so that a client cannot end the
 * line and forge the next one or send terminal escapes to whoever reads the log, and text longer than
 * {@link #MAX_CHARS} is cut with a marker saying how long it was. A backslash is left as it is: the escaping
 * keeps lines whole, it does not make them reversible.
 */
final class ClientText {

    static final int MAX_CHARS = 256;

    private ClientText() {
    }

    /** The text as it may be logged, at most {@link #MAX_CHARS} of it; {@code null} as {@code null}. */
    static String escape(Object value) {
        return value == null ? "null" : escape(value.toString(), MAX_CHARS);
    }

    /** The text with its control characters escaped, whatever its length, for callers that bound it themselves. */
    static String escapeControlCharacters(String text) {
        return escape(text, Integer.MAX_VALUE);
    }

    private static String escape(String text, int maxChars) {
        int shownChars = Math.min(text.length(), maxChars);
        StringBuilder escaped = null;
        for (int i = 0; i < shownChars; i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(shownChars + 16).append(text, 0, i);
                }
                appendEscaped(escaped, c);
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        if (escaped == null && shownChars == text.length()) {
            return text;
        }
        StringBuilder shown = escaped != null ? escaped : new StringBuilder(text.substring(0, shownChars));
        if (shownChars < text.length()) {
            shown.append("...(").append(text.length()).append(" chars)");
        }
        return shown.toString();
    }

    /** ISO control characters, and the Unicode line and paragraph separators some log viewers break lines at. */
    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append(String.format("\\u%04x", (int) c));
        }
    }
}
