package dev.cloudtest.core.internal.cdk;

import dev.cloudtest.core.exception.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Synthesises a Java CDK app as {@code cdk synth} would, without the CDK CLI: the app's main class runs in a JVM of
 * its own on a given classpath (where the app and aws-cdk-lib are: this JVM's, as in the project's tests, or the
 * project's test classpath for the Maven plugin), with {@code CDK_OUTDIR} set, so {@code app.synth()} writes the cloud
 * assembly there. aws-cdk-lib runs its JavaScript through jsii on Node.js, which must be on the PATH. Each app is
 * synthesised once per JVM, into a directory of that JVM's own ({@code <out>/<main class>/<pid>}), so that parallel
 * test forks and the Maven plugin never write over an assembly another JVM still reads; the directories of JVMs that
 * have ended are removed at the next synthesis.
 */
public final class CdkSynth {
    /** jsii's oldest Node.js. */
    static final int MIN_NODE = 18;

    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    private static final Map<String, Path> SYNTHESISED = new ConcurrentHashMap<>();
    private static final AtomicLong UNREPORTED_MILLIS = new AtomicLong();
    private static final String LOG_SUFFIX = ".synth.log";
    private static final int EXCERPT_LINES = 15;

    private CdkSynth() {}

    /**
     * The cloud assembly of the app on this JVM's classpath, synthesised into {@code
     * target/cloudtest/cdk.out/<main class>/<pid>} on first use.
     *
     * @throws ConfigurationException without Node.js, or when the app fails, with its output's last lines
     */
    public static Path assembly(String mainClass) {
        return assembly(
                mainClass,
                List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
                Path.of("target", "cloudtest", "cdk.out"),
                Path.of(""));
    }

    /**
     * The cloud assembly of the app, run on the given classpath in the given directory, synthesised into {@code
     * <outRoot>/<main class>/<pid>} on first use.
     *
     * @param workingDirectory where the app runs, as {@code cdk synth} runs it in the project's directory: the paths
     *     an app gives {@code Code.fromAsset} (such as {@code target/function.jar}) are relative to it
     * @throws ConfigurationException without Node.js, or when the app fails, with its output's last lines
     */
    public static Path assembly(String mainClass, List<String> classpath, Path outRoot, Path workingDirectory) {
        Path out = outRoot.toAbsolutePath()
                .normalize()
                .resolve(mainClass)
                .resolve(String.valueOf(ProcessHandle.current().pid()));
        Path directory = workingDirectory.toAbsolutePath().normalize();
        return SYNTHESISED.computeIfAbsent(out.toString(), key -> synthesise(mainClass, classpath, out, directory));
    }

    /** The time spent synthesising since the last call, for the run report's {@code synth} phase. */
    public static long takeSynthMillis() {
        return UNREPORTED_MILLIS.getAndSet(0);
    }

    private static Path synthesise(String mainClass, List<String> classpath, Path out, Path directory) {
        long started = System.nanoTime();
        checkNode();
        Path log = out.resolveSibling(out.getFileName() + LOG_SUFFIX);
        try {
            removeEndedJvms(out.getParent());
            deleteTree(out);
            Files.createDirectories(out);
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    String.join(java.io.File.pathSeparator, classpath),
                    mainClass);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("CDK_OUTDIR", out.toString());
            builder.environment().put("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
            builder.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ConfigurationException("The CDK app " + mainClass + " did not finish synthesising within 5 "
                        + "minutes; its output is in " + log + ".");
            }
            if (process.exitValue() != 0 || !CdkAssembly.isAssembly(out)) {
                List<String> output = output(log);
                String excerpt = excerpt(output);
                if (needsDocker(String.join("\n", output))) {
                    throw new ConfigurationException("The CDK app " + mainClass + " needs Docker to synthesise: an "
                            + "asset is bundled in a container (Code.fromAsset with bundling options, or a construct "
                            + "that bundles, such as NodejsFunction or PythonFunction), and Docker is not available "
                            + "here. Nothing was created. Build the artifact in the Maven build instead (the shade or "
                            + "assembly plugin's jar) and give its path to Code.fromAsset. Its output:\n" + excerpt
                            + "\n(all of it in " + log + ").");
                }
                throw new ConfigurationException("The CDK app " + mainClass + " failed to synthesise (exit "
                        + process.exitValue() + "). Nothing was created. Its output:\n" + excerpt
                        + "\n(all of it in " + log + "). Check that the class has a main method that calls "
                        + "app.synth(), and that aws-cdk-lib is on the test classpath.");
            }
            return out;
        } catch (IOException e) {
            throw new ConfigurationException("Cannot synthesise the CDK app " + mainClass + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("Interrupted while synthesising the CDK app " + mainClass + ".", e);
        } finally {
            UNREPORTED_MILLIS.addAndGet((System.nanoTime() - started) / 1_000_000);
        }
    }

    /** What the CDK prints when bundling cannot start a container: {@code spawnSync docker ENOENT} and the like. */
    static boolean needsDocker(String output) {
        String text = output.toLowerCase(java.util.Locale.ROOT);
        return text.contains("spawnsync docker")
                || text.contains("docker enoent")
                || text.contains("cannot connect to the docker daemon")
                || text.contains("failed to bundle asset");
    }

    /** Removes the assemblies (and logs) of JVMs that are no longer running. */
    private static void removeEndedJvms(Path appDir) throws IOException {
        if (!Files.isDirectory(appDir)) {
            return;
        }
        try (var entries = Files.list(appDir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                String pid = name.endsWith(LOG_SUFFIX) ? name.substring(0, name.length() - LOG_SUFFIX.length()) : name;
                if (pid.matches("\\d{1,19}")
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static void checkNode() {
        checkNode("node");
    }

    /** Refuses, saying what to install, when this Node.js is missing or older than jsii's oldest. */
    static void checkNode(String executable) {
        String version;
        try {
            Process node = new ProcessBuilder(executable, "--version")
                    .redirectErrorStream(true)
                    .start();
            version = new String(node.getInputStream().readAllBytes()).strip();
            node.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new ConfigurationException("A CDK app needs Node.js to synthesise (aws-cdk-lib runs its JavaScript "
                    + "through jsii), and there is no node on the PATH. Nothing was created. Install Node.js "
                    + MIN_NODE + " or later (22 or 24 are supported by jsii today), or synthesise with cdk synth and "
                    + "point the test at the cdk.out directory instead.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException("Interrupted while looking for Node.js.", e);
        }
        Matcher matcher = NODE_VERSION.matcher(version);
        if (matcher.find() && Integer.parseInt(matcher.group(1)) < MIN_NODE) {
            throw new ConfigurationException("A CDK app needs Node.js " + MIN_NODE + " or later to synthesise (jsii); "
                    + "node on the PATH is " + version + ". Nothing was created. Install a newer Node.js, or "
                    + "synthesise with cdk synth and point the test at the cdk.out directory.");
        }
    }

    /**
     * What to quote of the app's output: from its first error on (the cause, which the JVM prints before the stack
     * frames and jsii's construct tree), else its last lines; without jsii's Node.js banners and the Java frames.
     */
    static String excerpt(List<String> output) {
        List<String> lines = output.stream()
                .filter(line -> !line.startsWith("!!"))
                .filter(line -> !line.isBlank())
                .filter(line -> !line.startsWith("\tat "))
                .toList();
        int first = java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).startsWith("Exception in thread")
                        || lines.get(i).startsWith("Error"))
                .findFirst()
                .orElse(Math.max(0, lines.size() - EXCERPT_LINES));
        return String.join("\n", lines.subList(first, Math.min(lines.size(), first + EXCERPT_LINES)));
    }

    private static List<String> output(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of("(unreadable: " + e.getMessage() + ")");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
