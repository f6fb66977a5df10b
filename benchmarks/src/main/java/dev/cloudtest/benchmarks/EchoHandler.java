package dev.cloudtest.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The trivial Lambda handler of scenario 8, run by cloudtest's local function host in a child JVM (found by
 * reflection: no {@code aws-lambda-java-core}). Records its own start first thing:
 *
 * <ul>
 *   <li>a direct invocation returns {@code handlerNanos}, its own time from entry to return, so the benchmark can
 *       subtract it from the round trip;
 *   <li>an SQS batch ({@code Records}) writes, per record, a file {@code $MARK_DIR/<body>} holding the wall-clock
 *       time (epoch microseconds) at which the handler started — compared with the send time in the benchmark JVM
 *       (one machine, one clock).
 * </ul>
 */
public final class EchoHandler {
    /** The handler: echoes {@code seq}, reports its own duration, marks SQS records. */
    public Map<String, Object> handleRequest(Map<String, Object> in, Object context) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        if (in.get("Records") instanceof List<?> records) {
            String dir = System.getenv("MARK_DIR");
            for (Object record : records) {
                if (record instanceof Map<?, ?> r && r.get("body") instanceof String body) {
                    mark(Path.of(dir), body, startedAt);
                }
            }
            return Map.of("records", records.size());
        }
        Object seq = in.getOrDefault("seq", 0);
        return Map.of("seq", seq, "handlerNanos", System.nanoTime() - started);
    }

    /** Written aside and moved: the benchmark never reads a half-written file. */
    private static void mark(Path dir, String id, Instant startedAt) {
        long micros = startedAt.getEpochSecond() * 1_000_000L + startedAt.getNano() / 1_000;
        try {
            Path tmp = dir.resolve(id + ".tmp");
            Files.writeString(tmp, Long.toString(micros), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
