package dev.cloudtest.core.internal.probe;

import java.util.List;
import java.util.stream.Collectors;

/** Text shortened for failure messages: whitespace runs collapsed, long values cut with "...". */
public final class Trimmed {
    private Trimmed() {}

    /** {@code text} on one line, at most {@code max} characters (plus "..."). */
    public static String line(String text, int max) {
        if (text == null) {
            return "null";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    /** {@code text} kept as it is (line breaks included), cut after {@code max} characters. */
    public static String block(String text, int max) {
        if (text == null) {
            return "null";
        }
        return text.length() <= max
                ? text
                : text.substring(0, max) + "... (" + (text.length() - max) + " more characters)";
    }

    /**
     * "3 lines (last 2 shown):\n  - ...": the last {@code shown} entries of {@code entries}, each on one trimmed line.
     */
    public static String lastOf(List<String> entries, String noun, int shown, int maxPerEntry) {
        if (entries.isEmpty()) {
            return "no " + noun + "s";
        }
        List<String> last = entries.subList(Math.max(0, entries.size() - shown), entries.size());
        return entries.size() + " " + noun + (entries.size() == 1 ? "" : "s")
                + (entries.size() > shown ? " (last " + shown + " shown)" : "") + ":\n"
                + last.stream().map(e -> "  - " + line(e, maxPerEntry)).collect(Collectors.joining("\n"));
    }
}
