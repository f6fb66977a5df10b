package dev.cloudtest.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Interleaving: each round runs the candidates in a rotated order, so that drift and noise hit all of them alike. */
final class Rounds {
    private Rounds() {}

    /** {@code items} rotated left by {@code round}. */
    static <T> List<T> rotated(List<T> items, int round) {
        List<T> copy = new ArrayList<>(items);
        Collections.rotate(copy, -(round % Math.max(1, items.size())));
        return copy;
    }
}
