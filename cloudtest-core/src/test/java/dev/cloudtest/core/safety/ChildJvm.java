package dev.cloudtest.core.safety;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link ChildRun} with the test classpath; its stdout read as {@code KEY value} lines. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            all.add(line);
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // the child is gone
                    }
                },
                "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java -cp <test classpath> [jvmArgs] ChildRun args}.
     *
     * @param environment the child's whole environment when not null (else the parent's)
     */
    static ChildJvm start(List<String> jvmArgs, Map<String, String> environment, Path dir, String... args)
            throws IOException {
        return start(entry -> true, jvmArgs, environment, dir, args);
    }

    /** The same, in a working directory of its own (stderr is logged there too). */
    static ChildJvm startIn(Path workingDirectory, Map<String, String> environment, String... args) throws IOException {
        return start(entry -> true, List.of(), environment, workingDirectory, Optional.of(workingDirectory), args);
    }

    /** The same, with only the test classpath's entries that {@code keep} accepts. */
    static ChildJvm start(
            java.util.function.Predicate<String> keep,
            List<String> jvmArgs,
            Map<String, String> environment,
            Path dir,
            String... args)
            throws IOException {
        return start(keep, jvmArgs, environment, dir, Optional.empty(), args);
    }

    private static ChildJvm start(
            java.util.function.Predicate<String> keep,
            List<String> jvmArgs,
            Map<String, String> environment,
            Path dir,
            Optional<Path> workingDirectory,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.add(java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(keep)
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        command.addAll(jvmArgs);
        command.add(ChildRun.class.getName());
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Path stderr = dir.resolve("stderr-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        workingDirectory.ifPresent(w -> builder.directory(w.toFile()));
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        return new ChildJvm(builder.start(), stderr);
    }

    /** Reads {@code KEY value} lines until {@code last} (a key or a bare line), within {@code timeout}. */
    Map<String, String> readUntil(String last, Duration timeout) throws InterruptedException {
        Map<String, String> facts = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(
                    Math.max(1, Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(500))),
                    TimeUnit.NANOSECONDS);
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new AssertionError("The child exited (" + process.exitValue() + ") without printing " + last
                        + "; stdout: " + all + "; stderr: " + stderr());
            }
            if (line == null && System.nanoTime() < deadline) {
                continue;
            }
            if (line == null) {
                throw new AssertionError("The child did not print " + last + " within " + timeout + "; stdout: " + all
                        + "; stderr: " + stderr());
            }
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            facts.put(key, space < 0 ? "" : line.substring(space + 1));
            if (key.equals(last)) {
                return facts;
            }
        }
    }

    Process process() {
        return process;
    }

    /** Everything the child printed to stdout so far. */
    List<String> stdout() {
        return List.copyOf(all);
    }

    /** Everything the child wrote to stderr (its log) so far. */
    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Waits for the child to end, at most {@code timeout}; true when it ended. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
