package dev.cloudtest.core.internal.target;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * moto writes some CloudWatch Logs events itself — the log of a Lambda invocation it attempts, for example — with
 * timestamps in fractional milliseconds ({@code "timestamp": 1796149027175.581}); CloudWatch Logs' timestamps are
 * whole milliseconds, and the SDK fails to read such a response ("expecting token: VALUE_NUMBER_INT, got:
 * VALUE_NUMBER_FLOAT"). On emulator targets, CloudWatch Logs responses have the fraction of their time fields dropped
 * before the SDK reads them. Only those fields are touched; on AWS this interceptor is not installed.
 */
final class EmulatorLogTimestamps implements ExecutionInterceptor {
    /** A time field of CloudWatch Logs' JSON with a fractional part (group 1 is the field and its whole part). */
    private static final Pattern FRACTIONAL_TIME = Pattern.compile(
            "(\"(?:timestamp|ingestionTime|creationTime|firstEventTimestamp|lastEventTimestamp|lastIngestionTime)\""
                    + "\\s*:\\s*-?\\d+)\\.\\d+");

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes executionAttributes) {
        Optional<InputStream> body = context.responseBody();
        if (body.isEmpty()) {
            return body;
        }
        try (InputStream in = body.get()) {
            return Optional.of(
                    new ByteArrayInputStream(wholeMilliseconds(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a CloudWatch Logs response from the emulator", e);
        }
    }

    /** The JSON with every CloudWatch Logs time field in whole milliseconds. */
    static String wholeMilliseconds(String json) {
        return json.indexOf('.') < 0 ? json : FRACTIONAL_TIME.matcher(json).replaceAll("$1");
    }
}
