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
 *   <li>an event writes, per record, a file {@code $MARK_DIR/<id>} holding the wall-clock time (epoch microseconds)
 *       at which the handler started — compared with the send time in the benchmark JVM (one machine, one clock).
 *       The id is an SQS record's {@code body}, an S3 record's object key (after its last {@code /}), an SNS record's
 *       {@code Message}, or the event's {@code mark} (an EventBridge detail, a schedule's input).
 * </ul>
 */
public final class EchoHandler {
    /** The handler: echoes {@code seq}, reports its own duration, marks SQS records. */
    public Map<String, Object> handleRequest(Map<String, Object> in, Object context) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        String dir = System.getenv("MARK_DIR");
        if (in.get("Records") instanceof List<?> records) {
            for (Object record : records) {
                if (record instanceof Map<?, ?> r) {
                    String id = id(r);
                    if (id != null) {
                        mark(Path.of(dir), id, startedAt);
                    }
                }
            }
            return Map.of("records", records.size());
        }
        if (in.get("mark") instanceof String id) {
            mark(Path.of(dir), id, startedAt);
            return Map.of("marked", id);
        }
        Object seq = in.getOrDefault("seq", 0);
        return Map.of("seq", seq, "handlerNanos", System.nanoTime() - started);
    }

    /** The id of an SQS, S3 or SNS record. */
    private static String id(Map<?, ?> record) {
        if (record.get("body") instanceof String body) {
            return body;
        }
        if (record.get("s3") instanceof Map<?, ?> s3
                && s3.get("object") instanceof Map<?, ?> object
                && object.get("key") instanceof String key) {
            return key.substring(key.lastIndexOf('/') + 1);
        }
        if (record.get("Sns") instanceof Map<?, ?> sns && sns.get("Message") instanceof String message) {
            return message;
        }
        if (record.get("dynamodb") instanceof Map<?, ?> dynamodb
                && dynamodb.get("NewImage") instanceof Map<?, ?> image
                && image.get("id") instanceof Map<?, ?> id
                && id.get("S") instanceof String value) {
            return value;
        }
        if (record.get("kinesis") instanceof Map<?, ?> kinesis && kinesis.get("data") instanceof String data) {
            return new String(java.util.Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
        }
        return null;
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
