package dev.cloudtest.junit5;

/** How long a stack declared with {@link CloudStack} (or {@link CloudTestExtension.Builder#stack}) lives. */
public enum StackLifecycle {
    /**
     * One stack per test class: provisioned before the class's first test (and before its {@code @BeforeAll}
     * methods), torn down after the class, also when a test or {@code @BeforeAll} failed, unless
     * {@code cloudtest.keep} keeps it.
     */
    PER_CLASS,

    /**
     * One stack for every test class of the test run that declares an equal spec (same template, id, parameters and
     * tags, and the same cloudtest configuration): provisioned by the first such class, torn down once when the test
     * run ends. It counts as failed for {@code cloudtest.keep=on-failure} when any of those classes failed.
     */
    SHARED
}
