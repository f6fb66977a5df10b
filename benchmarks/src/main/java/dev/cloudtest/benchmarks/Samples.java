package dev.cloudtest.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one candidate in one scenario, in nanoseconds, with order statistics by the nearest-rank method. */
final class Samples {
    private final String candidate;
    private final List<Long> nanos = new ArrayList<>();

    Samples(String candidate) {
        this.candidate = candidate;
    }

    String candidate() {
        return candidate;
    }

    synchronized void add(long elapsedNanos) {
        nanos.add(elapsedNanos);
    }

    /** A copy of the samples, in nanoseconds. */
    synchronized java.util.List<Long> nanos() {
        return new ArrayList<>(nanos);
    }

    synchronized int n() {
        return nanos.size();
    }

    /** The median in milliseconds. */
    double medianMillis() {
        return percentileMillis(50);
    }

    /** The 95th percentile in milliseconds (nearest rank: with n = 7 it is the largest sample). */
    double p95Millis() {
        return percentileMillis(95);
    }

    synchronized double percentileMillis(int percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }
}
