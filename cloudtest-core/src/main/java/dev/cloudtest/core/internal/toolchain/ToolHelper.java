package dev.cloudtest.core.internal.toolchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.internal.Loggers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The warm template-tool helper ({@code helper.py}): one Python process per toolchain per JVM, started on first use
 * (or beside the emulator, {@link #warmUpFor}), so that cfn-lint's and the translator's imports are paid once and each
 * template costs a request. It reads requests on its stdin and exits when that pipe closes, so it never outlives the
 * JVM. Requests are answered one at a time; a helper that dies or stops answering is replaced on the next request.
 */
public final class ToolHelper {
    private static final Logger LOG = Loggers.get(ToolHelper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Path, ToolHelper> BY_TOOLCHAIN = new ConcurrentHashMap<>();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static volatile Path script;

    private final Toolchain toolchain;
    private Process process;
    private OutputStream requests;
    private BlockingQueue<String> answers;
    private Path errors;
    private long nextId;

    private ToolHelper(Toolchain toolchain) {
        this.toolchain = toolchain;
    }

    /** The helper of a toolchain (one per JVM). */
    public static ToolHelper of(Toolchain toolchain) {
        return BY_TOOLCHAIN.computeIfAbsent(toolchain.python(), p -> new ToolHelper(toolchain));
    }

    /** The toolchain the helper runs in. */
    public Toolchain toolchain() {
        return toolchain;
    }

    /**
     * Starts the helper of the run's template tools in the background (unless {@code cloudtest.lint=off}), so that its
     * start overlaps the emulator's. Failures are left for the first real request to report.
     */
    public static void warmUpFor(CloudTestConfig config) {
        if ("off".equalsIgnoreCase(config.raw(CloudTestConfig.LINT).orElse("").strip())) {
            return;
        }
        Thread warm = new Thread(
                () -> {
                    try {
                        of(Toolchains.templateTools(config)).call("ping", Map.of());
                    } catch (RuntimeException e) {
                        LOG.debug("cloudtest: warming the template tools failed: {}", e.getMessage());
                    }
                },
                "cloudtest-tools-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /**
     * One request; its answer ({@code ok} true), or a failure naming the tool's error.
     *
     * @throws TargetUnavailableException when the helper cannot be started or fails the request
     */
    public synchronized JsonNode call(String operation, Map<String, ?> arguments) {
        ensureStarted();
        ObjectNode request = JSON.valueToTree(arguments);
        long id = ++nextId;
        request.put("op", operation).put("id", id);
        String answer;
        try {
            requests.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
            answer = answers.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            answer = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("Interrupted while waiting for the template tools.");
        }
        if (answer == null || answer.isEmpty()) {
            String why = process.isAlive() ? "did not answer within " + TIMEOUT.toSeconds() + " s" : "exited";
            stop();
            throw new TargetUnavailableException("The template-tool helper (" + toolchain.python() + ") " + why
                    + " during '" + operation + "'. Its error output:\n" + tail(errors));
        }
        try {
            JsonNode node = JSON.readTree(answer);
            if (!node.path("ok").asBoolean(false)) {
                throw new TargetUnavailableException("The template tools (" + toolchain.summary() + ") failed '"
                        + operation + "': " + node.path("error").asText() + "\n"
                        + node.path("trace").asText());
            }
            return node;
        } catch (IOException e) {
            throw new TargetUnavailableException("The template-tool helper answered something that is not JSON: "
                    + answer.substring(0, Math.min(200, answer.length())));
        }
    }

    private void ensureStarted() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("cloudtest-tools");
            dir.toFile().deleteOnExit();
            errors = dir.resolve("helper.log");
            errors.toFile().deleteOnExit();
            long started = System.nanoTime();
            // The working directory is empty: cfn-lint reads only the .cfnlintrc cloudtest passes (and the user's).
            process = new ProcessBuilder(List.of(toolchain.python().toString(), "-u", script().toString()))
                    .directory(dir.toFile())
                    .redirectError(errors.toFile())
                    .start();
            requests = process.getOutputStream();
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            answers = queue;
            InputStream out = process.getInputStream();
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader lines =
                                new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = lines.readLine()) != null) {
                                queue.add(line);
                            }
                        } catch (IOException e) {
                            // the helper is gone; the waiting request reports it
                        }
                        queue.add("");
                    },
                    "cloudtest-tools-answers");
            reader.setDaemon(true);
            reader.start();
            LOG.debug(
                    "cloudtest: started the template-tool helper ({}) in {} ms",
                    toolchain.summary(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException e) {
            throw new TargetUnavailableException(
                    "Cannot start the template tools with " + toolchain.python() + " (" + toolchain.origin() + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Stops the helper (it is started again on the next request). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private static Path script() throws IOException {
        Path extracted = script;
        if (extracted == null) {
            synchronized (ToolHelper.class) {
                if (script == null) {
                    try (InputStream in =
                            ToolHelper.class.getResourceAsStream("/dev/cloudtest/core/toolchain/helper.py")) {
                        if (in == null) {
                            throw new IOException("helper.py is missing from cloudtest-core's jar");
                        }
                        Path file = Files.createTempFile("cloudtest-helper", ".py");
                        file.toFile().deleteOnExit();
                        Files.write(file, in.readAllBytes());
                        script = file;
                    }
                }
                extracted = script;
            }
        }
        return extracted;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(none)";
        }
    }
}
