package dev.cloudtest.benchmarks;

/** Times one action with {@link System#nanoTime()}. */
final class Stopwatch {
    private Stopwatch() {}

    /** An action that may throw, timed as a whole. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws Exception;
    }

    /** Runs {@code action}, adds its duration to {@code samples} (when not null), and returns its result. */
    static <T> T time(Samples samples, Action<T> action) {
        long start = System.nanoTime();
        T result;
        try {
            result = action.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long elapsed = System.nanoTime() - start;
        if (samples != null) {
            samples.add(elapsed);
        }
        return result;
    }
}
