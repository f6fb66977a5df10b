package dev.cloudtest.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.cloudtest.core.internal.naming.RunIds;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Scenario 6 (and the heap part of 7): the JUnit extension's overhead per test method. Runs in a JVM of its own with
 * {@code -Xmx256m}, as a test JVM would: generates two classes with the same trivial test methods — one annotated with
 * {@code @CloudStack} and injecting a stack output into every method, one plain — compiles them, and runs each through
 * the JUnit Platform launcher in alternating rounds. A method's cost is the time between the end of the previous
 * method and its own end (instance creation, injection, callbacks, the test), so the class-level provisioning is not
 * counted. Writes its samples and the JVM's peak heap to a file the parent reads.
 */
public final class ExtensionOverhead {
    private static final String PACKAGE = "benchgen";

    private ExtensionOverhead() {}

    /** Arguments: endpoint, number of methods, measured rounds, output file. */
    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int methods = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        Path dir = Files.createTempDirectory("cloudtest-bench-junit");
        try {
            List<String> lines = measure(endpoint, methods, rounds, dir);
            lines.add("peakHeap " + peakHeapBytes());
            Files.write(out, lines, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<String> measure(URI endpoint, int methods, int rounds, Path dir) throws Exception {
        Path template = dir.resolve("one-queue.json");
        Files.writeString(template, Templates.resources(1));
        Path sources = Files.createDirectories(dir.resolve("src").resolve(PACKAGE));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path withStack = sources.resolve("WithStackTest.java");
        Path plain = sources.resolve("PlainTest.java");
        Files.writeString(withStack, source("WithStackTest", methods, template));
        Files.writeString(plain, source("PlainTest", methods, null));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                withStack.toString(),
                plain.toString());
        if (status != 0) {
            throw new IllegalStateException("could not compile the generated test classes (javac exit " + status + ")");
        }
        List<String> lines = new ArrayList<>();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classes.toUri().toURL()}, ExtensionOverhead.class.getClassLoader())) {
            List<Class<?>> candidates =
                    List.of(loader.loadClass(PACKAGE + ".PlainTest"), loader.loadClass(PACKAGE + ".WithStackTest"));
            Launcher launcher = LauncherFactory.create();
            for (int round = 0; round < 1 + rounds; round++) {
                boolean measured = round >= 1;
                for (Class<?> test : Rounds.rotated(candidates, round)) {
                    String key = test.getSimpleName().startsWith("With") ? "ext" : "plain";
                    Run result = execute(launcher, test, endpoint);
                    if (result.failures() > 0) {
                        throw new IllegalStateException(result.failures() + " generated tests failed in " + test + ": "
                                + result.firstFailure().orElse("?"));
                    }
                    if (measured) {
                        result.perMethod().forEach(n -> lines.add(key + " " + n));
                        lines.add(key + "Class " + result.classNanos());
                    }
                }
            }
        }
        return lines;
    }

    private record Run(List<Long> perMethod, long classNanos, int failures, Optional<String> firstFailure) {}

    private static Run execute(Launcher launcher, Class<?> test, URI endpoint) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(test))
                .configurationParameter("cloudtest.endpoint", endpoint.toString())
                .configurationParameter("cloudtest.region", HandWritten.REGION)
                .configurationParameter("cloudtest.run-id", "bench-junit-" + RunIds.random())
                .configurationParameter("cloudtest.report-dir", "target/cloudtest-bench")
                .build();
        List<Long> perMethod = new ArrayList<>();
        AtomicLong lastFinish = new AtomicLong();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                long now = System.nanoTime();
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failures.add(id.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::toString).orElse(""));
                }
                if (id.isTest()) {
                    if (lastFinish.get() != 0) {
                        perMethod.add(now - lastFinish.get());
                    }
                    lastFinish.set(now);
                }
            }
        });
        return new Run(
                perMethod,
                System.nanoTime() - start,
                failures.size(),
                failures.stream().findFirst());
    }

    private static String source(String className, int methods, Path template) {
        StringBuilder java = new StringBuilder("package " + PACKAGE + ";\n\n");
        if (template != null) {
            java.append("@dev.cloudtest.junit5.CloudStack(template = \"file:")
                    .append(template.toAbsolutePath().toString().replace("\\", "\\\\"))
                    .append("\")\n");
        }
        java.append("public class ").append(className).append(" {\n");
        for (int i = 0; i < methods; i++) {
            java.append("    @org.junit.jupiter.api.Test\n    void test").append(i);
            if (template != null) {
                java.append("(@dev.cloudtest.junit5.Output(\"First\") String queueUrl) {\n")
                        .append("        if (queueUrl.isEmpty()) throw new AssertionError(\"no output\");\n    }\n");
            } else {
                java.append("() {\n        if (\"x\".isEmpty()) throw new AssertionError();\n    }\n");
            }
        }
        return java.append("}\n").toString();
    }

    /** The sum of the heap pools' peak usage: an upper bound of the peak heap (pools peak at different times). */
    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(u -> u == null ? 0 : u.getUsed())
                .sum();
    }

    /**
     * Runs this class's {@link #main} in a child JVM ({@code -Xmx256m}, this JVM's class path) and reports scenario
     * 6 and the heap part of scenario 7.
     */
    static void runForked(URI endpoint, Results results, Settings settings) throws Exception {
        Path out = Files.createTempFile("cloudtest-bench-junit", ".txt");
        try {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ExtensionOverhead.class.getName(),
                            endpoint.toString(),
                            String.valueOf(settings.testMethods()),
                            String.valueOf(settings.junitRounds()),
                            out.toString())
                    .inheritIO()
                    .start();
            if (!child.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor();
                throw new IllegalStateException("the JUnit benchmark JVM did not finish within 5 minutes");
            }
            if (child.exitValue() != 0) {
                throw new IllegalStateException("the JUnit benchmark JVM failed (exit " + child.exitValue() + ")");
            }
            report(Files.readAllLines(out), results, settings);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void report(List<String> lines, Results results, Settings settings) {
        Samples ext = new Samples("with @CloudStack + @Output injection, per method");
        Samples plain = new Samples("plain JUnit, per method");
        Samples extClass = new Samples("with @CloudStack, whole class (incl. provision + teardown)");
        Samples plainClass = new Samples("plain JUnit, whole class");
        long peak = 0;
        for (String line : lines) {
            String[] parts = line.split(" ");
            long value = Long.parseLong(parts[1]);
            switch (parts[0]) {
                case "ext" -> ext.add(value);
                case "plain" -> plain.add(value);
                case "extClass" -> extClass.add(value);
                case "plainClass" -> plainClass.add(value);
                case "peakHeap" -> peak = value;
                default -> throw new IllegalStateException("unexpected line " + line);
            }
        }
        String scenario = "6 Extension";
        String label = settings.testMethods() + " test methods";
        results.context(scenario, label, plain);
        double overhead = ext.medianMillis() - plain.medianMillis();
        results.add(
                scenario,
                label,
                ext,
                plain,
                "median overhead ≤ 5 ms per method (here " + Results.format(overhead) + " ms)",
                Optional.of(overhead <= 5),
                "per-method callbacks of the extension cost more than 5 ms");
        results.context(scenario, label, plainClass);
        results.add(scenario, label, extClass, plainClass, "(context)", Optional.empty(), "");
        double peakMiB = peak / 1024.0 / 1024.0;
        results.value(
                "7 End to end",
                "peak heap of a test JVM",
                "forked JUnit JVM of scenario 6, -Xmx256m",
                peakMiB,
                "MiB",
                "≤ 256 MiB",
                peakMiB <= 256,
                "the heap grew beyond 256 MiB");
        results.note("Scenario 7 (heap): the forked JUnit JVM of scenario 6 ran " + settings.testMethods()
                + " @CloudStack tests × " + (1 + settings.junitRounds()) + " executions (plus as many plain ones) "
                + "with -Xmx256m without running out of memory; its heap pools' summed peak usage (an upper bound "
                + "of the peak heap) was " + Results.format(peakMiB) + " MiB — target ≤ 256 MiB "
                + (peakMiB <= 256 ? "met" : "not met") + ".");
    }
}
