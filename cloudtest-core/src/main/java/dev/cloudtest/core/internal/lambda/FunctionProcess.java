package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.Loggers;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * One local function: a child JVM running {@link FunctionHostMain}, started eagerly and again after a timeout or a
 * crash. Invocations are serialised, as in one Lambda execution environment. The JVM halts when its standard input
 * closes, so it ends with the test JVM even when that is killed.
 */
public final class FunctionProcess implements LocalFunction, AutoCloseable {
    private static final Logger LOG = Loggers.get(FunctionProcess.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How long a JVM may take to start and load the handler (Lambda allows 10 s of init; a cold laptop needs more). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration DEBUG_LIMIT = Duration.ofHours(1);

    private static final JsonNode EXITED = MAPPER.createObjectNode().put("exited", true);

    private final FunctionDefinition definition;
    private final Path logDirectory;
    private final boolean clearAwsEnvironment;
    private volatile Process process;
    private BlockingQueue<JsonNode> responses;
    private volatile boolean closed;
    private volatile long lastColdStartNanos;
    /** A JDWP port when a developer debugs this function: start suspended, wait for the IDE, no timeouts. */
    private final java.util.OptionalInt debugPort;
    /** Where invocation output goes besides the exception (CloudWatch Logs, as Lambda does); may be absent. */
    private volatile InvocationLog invocationLog;

    /**
     * @param clearAwsEnvironment whether {@code AWS_*} variables of the test JVM are kept from the function (on
     *     emulators, where a developer's profile must not leak into the function)
     */
    public FunctionProcess(FunctionDefinition definition, Path logDirectory, boolean clearAwsEnvironment) {
        this(definition, logDirectory, clearAwsEnvironment, java.util.OptionalInt.empty());
    }

    /**
     * @param debugPort when present, the JVM starts with a JDWP agent on this loopback port and waits for a debugger;
     *     the function's timeout does not apply while debugging
     */
    public FunctionProcess(
            FunctionDefinition definition,
            Path logDirectory,
            boolean clearAwsEnvironment,
            java.util.OptionalInt debugPort) {
        this.definition = definition;
        this.logDirectory = logDirectory;
        this.clearAwsEnvironment = clearAwsEnvironment;
        this.debugPort = debugPort;
    }

    /** Sends every invocation's output to CloudWatch Logs (as Lambda does), for the logs probe and diagnostics. */
    public void logInvocationsTo(InvocationLog log) {
        this.invocationLog = log;
    }

    /** How long an invocation may take: the function's timeout, or an hour while a developer debugs it. */
    private Duration invocationLimit() {
        return debugPort.isPresent() ? DEBUG_LIMIT : definition.timeout();
    }

    @Override
    public String logicalId() {
        return definition.logicalId();
    }

    @Override
    public String functionName() {
        return definition.functionName();
    }

    @Override
    public String handler() {
        return definition.handler();
    }

    @Override
    public Duration timeout() {
        return definition.timeout();
    }

    /** How long the last start took: the JVM, the handler's class loading and its constructor. */
    public Duration lastColdStart() {
        return Duration.ofNanos(lastColdStartNanos);
    }

    /** The JVM's process id, while it runs. */
    public synchronized java.util.Optional<Long> pid() {
        return process != null && process.isAlive() ? java.util.Optional.of(process.pid()) : java.util.Optional.empty();
    }

    /**
     * Starts the JVM if it is not running and waits until the handler is loaded.
     *
     * @throws LocalFunctionException when the JVM cannot start or the handler cannot be loaded (Lambda's init error)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("Local function " + functionName() + " is stopped; its stack is gone.");
        }
        if (process != null && process.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        BlockingQueue<JsonNode> queue = new ArrayBlockingQueue<>(16);
        Process child;
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(definition.functionName() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE);
            Map<String, String> environment = builder.environment();
            if (clearAwsEnvironment) {
                environment.keySet().removeIf(k -> k.startsWith("AWS_"));
            }
            environment.putAll(definition.environment());
            child = builder.start();
        } catch (IOException e) {
            throw initError("Runtime.StartError", "cannot start a JVM for the function: " + e.getMessage(), List.of());
        }
        Thread reader = new Thread(() -> read(child, queue), "cloudtest-function-" + definition.functionName());
        reader.setDaemon(true);
        reader.start();
        if (debugPort.isPresent()) {
            LOG.warn(
                    "cloudtest: local function {} waits for a debugger: attach your IDE (remote JVM debug) to "
                            + "127.0.0.1:{}. Its timeout is off while debugging.",
                    definition.logicalId(),
                    debugPort.getAsInt());
        }
        JsonNode ready = poll(queue, debugPort.isPresent() ? DEBUG_LIMIT : READY_TIMEOUT);
        if (ready == null || !ready.path("ready").asBoolean()) {
            child.destroyForcibly();
            if (ready == null) {
                throw initError(
                        "Runtime.StartError",
                        "the function's JVM did not load the handler within " + READY_TIMEOUT.toSeconds() + " s",
                        List.of());
            }
            JsonNode error = ready.path("error");
            if (error.isMissingNode()) {
                throw initError(
                        "Runtime.ExitError", "the function's JVM exited while starting; see " + log(), List.of());
            }
            String type = error.path("errorType").asText();
            String message = error.path("errorMessage").asText();
            if (type.equals(ClassNotFoundException.class.getName())
                    || type.equals(NoClassDefFoundError.class.getName())) {
                message += " — the function's classpath is "
                        + definition.classpath().label() + ". Package the "
                        + "function with its dependencies (maven-shade-plugin, Gradle shadow, a Lambda zip with lib/), "
                        + "add a layer, or set cloudtest.local-functions.test-classpath=always.";
            }
            throw initError(type, message, frames(error));
        }
        this.process = child;
        this.responses = queue;
        this.lastColdStartNanos = System.nanoTime() - started;
        LOG.info(
                "cloudtest: local function {} ({}) ready in {} ms (pid {}; classpath: {})",
                definition.logicalId(),
                definition.handler(),
                TimeUnit.NANOSECONDS.toMillis(lastColdStartNanos),
                child.pid(),
                definition.classpath().label());
    }

    @Override
    public String invoke(String eventJson) {
        return invokeWithOutput(eventJson).result();
    }

    /** An invocation's result and what the function printed during it (Lambda's log tail). */
    record Result(String result, String output) {}

    /** Invokes the function and returns its result with what it printed. */
    synchronized Result invokeWithOutput(String eventJson) {
        start();
        String id = UUID.randomUUID().toString();
        java.time.Instant invokedAt = java.time.Instant.now();
        long timeoutMillis = invocationLimit().toMillis();
        String request;
        try {
            request = MAPPER.writeValueAsString(MAPPER.createObjectNode()
                    .put("id", id)
                    .put("payload", eventJson)
                    .put("deadlineEpochMillis", System.currentTimeMillis() + timeoutMillis));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            OutputStream in = process.getOutputStream();
            in.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            stopProcess();
            throw failure("Runtime.ExitError", "the function's JVM is gone: " + e.getMessage(), List.of(), "");
        }
        JsonNode response = poll(responses, invocationLimit());
        if (response == null) {
            // Lambda ends the execution environment on a timeout; the next invocation starts cold.
            stopProcess();
            throw failure(
                    "Sandbox.Timedout",
                    String.format(
                            Locale.ROOT,
                            "RequestId: %s Error: Task timed out after %.2f seconds",
                            id,
                            timeoutMillis / 1000.0),
                    List.of(),
                    "");
        }
        if (response == EXITED) {
            stopProcess();
            throw failure(
                    "Runtime.ExitError",
                    "RequestId: " + id + " Error: Runtime exited without providing a reason; see " + log(),
                    List.of(),
                    "");
        }
        String output = response.path("output").asText("");
        if (!output.isEmpty()) {
            LOG.debug("cloudtest: {} printed:\n{}", definition.functionName(), output.strip());
        }
        InvocationLog sink = invocationLog;
        if (sink != null) {
            sink.record(definition.functionName(), id, output, invokedAt);
        }
        if (!response.path("ok").asBoolean()) {
            JsonNode error = response.path("error");
            throw failure(
                    error.path("errorType").asText(), error.path("errorMessage").asText(), frames(error), output);
        }
        return new Result(response.path("result").asText(), output);
    }

    @Override
    public void close() {
        closed = true;
        Process running = process;
        if (running != null) {
            // Without the lock: ends an invocation in flight (the JVM halts when its input closes).
            try {
                running.getOutputStream().close();
            } catch (IOException e) {
                // gone already
            }
        }
        synchronized (this) {
            stopProcess();
        }
    }

    /** Closes the JVM's standard input (it halts), then makes sure it is gone. */
    private void stopProcess() {
        Process child = process;
        process = null;
        if (child == null) {
            return;
        }
        try {
            child.getOutputStream().close();
        } catch (IOException e) {
            // gone already
        }
        try {
            if (!child.waitFor(2, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                child.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
        }
    }

    private List<String> command() throws IOException {
        String java = definition.java().toString();
        // The test classpath can exceed what one argument may hold: pass it in a JDK argument file.
        Path arguments = logDirectory.resolve(definition.functionName() + ".args");
        String classpath = definition.classpath().entries().stream()
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Files.writeString(arguments, "-cp\n\"" + classpath.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(
                java,
                "@" + arguments,
                // A function JVM lives for one test run: start fast rather than peak.
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Xmx" + Math.max(64, definition.memoryMegabytes()) + "m"));
        debugPort.ifPresent(
                port -> command.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:" + port));
        command.add(FunctionHostMain.class.getName());
        command.add(definition.handler());
        return command;
    }

    private static void read(Process child, BlockingQueue<JsonNode> queue) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("{")) {
                    queue.put(MAPPER.readTree(line));
                }
            }
        } catch (IOException e) {
            // the process ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        queue.offer(EXITED);
    }

    private static JsonNode poll(BlockingQueue<JsonNode> queue, Duration timeout) {
        try {
            return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static List<String> frames(JsonNode error) {
        List<String> frames = new ArrayList<>();
        error.path("stackTrace").forEach(f -> frames.add(f.asText()));
        return frames;
    }

    private Path log() {
        return logDirectory.resolve(definition.functionName() + ".log");
    }

    private LocalFunctionException initError(String type, String message, List<String> frames) {
        return failure(
                type,
                message + " (handler " + definition.handler() + "; the function's classpath must contain it — "
                        + "by default the test JVM's classpath)",
                frames,
                "");
    }

    private LocalFunctionException failure(String type, String message, List<String> frames, String output) {
        return new LocalFunctionException(
                definition.logicalId(), definition.functionName(), type, message, frames, output);
    }
}
