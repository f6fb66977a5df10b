package dev.cloudtest.benchmarks;

/**
 * The baseline of scenario 8's cold start: a trivial main that prints one line and exits, started with the same
 * {@code java}, flags and classpath as a local function's JVM. The time to its line is a plain JVM start.
 */
public final class JvmStartProbe {
    private JvmStartProbe() {}

    /** Prints {@code ready}. */
    public static void main(String[] args) {
        System.out.println("{\"ready\":true}");
    }
}
