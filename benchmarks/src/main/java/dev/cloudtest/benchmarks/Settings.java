package dev.cloudtest.benchmarks;

/**
 * Repetition counts, from system properties {@code bench.*} (defaults keep the whole run under ~10 minutes on two
 * cores). Warm-up rounds are run and discarded before the measured rounds of every scenario.
 *
 * @param warmup discarded rounds per scenario
 * @param reps measured rounds for the stack scenarios (1, 2) on the synchronous emulator
 * @param simulatedReps measured rounds against the simulated asynchronous stack (cloudtest and the ideal poller)
 * @param waiterSimulatedReps measured rounds of the SDK waiter against the simulated asynchronous stack (~30 s each)
 * @param simulatedDelayMillis how long the simulated asynchronous stack stays in progress
 * @param bucketReps measured rounds of bucket emptying
 * @param parallelReps measured rounds of the parallel scenario
 * @param reuseReps measured reuse re-runs
 * @param probeEvents events per probe kind and candidate
 * @param testMethods test methods in the generated JUnit class
 * @param junitRounds measured executions of each generated class
 * @param e2eRuns measured {@code mvn verify} runs of examples/document-intake, each with and without ITs (after one
 *     warm-up run with {@code -Xmx256m})
 * @param localColdStarts measured provisions of the local function stack (cold starts)
 * @param localInvokes measured warm invocations of the local function
 * @param localSqsEvents measured SQS messages per candidate (local function, hand-written loop)
 * @param localTriggerEvents measured events per push trigger and candidate (local function, hand-written loop)
 * @param lintReps measured lints per kind (cold, warm, cached, the cfn-lint process baseline) and provisions per
 *     side of the fidelity check's overhead (scenario 9)
 * @param toolchainInstall whether scenario 9 installs the toolchain into a fresh cache to time it (~1 minute)
 * @param cdkReps measured rounds of scenario 11, each a synthesis of the CDK example (~6 s) and two provisions
 */
record Settings(
        int warmup,
        int reps,
        int simulatedReps,
        int waiterSimulatedReps,
        long simulatedDelayMillis,
        int bucketReps,
        int parallelReps,
        int reuseReps,
        int probeEvents,
        int testMethods,
        int junitRounds,
        int e2eRuns,
        int localColdStarts,
        int localInvokes,
        int localSqsEvents,
        int localTriggerEvents,
        int lintReps,
        boolean toolchainInstall,
        int cdkReps) {

    static Settings fromSystemProperties() {
        return new Settings(
                Integer.getInteger("bench.warmup", 2),
                Integer.getInteger("bench.reps", 9),
                Integer.getInteger("bench.simulatedReps", 3),
                Integer.getInteger("bench.waiterSimulatedReps", 2),
                Long.getLong("bench.simulatedDelayMillis", 2000),
                Integer.getInteger("bench.bucketReps", 5),
                Integer.getInteger("bench.parallelReps", 5),
                Integer.getInteger("bench.reuseReps", 9),
                Integer.getInteger("bench.probeEvents", 100),
                Integer.getInteger("bench.testMethods", 200),
                Integer.getInteger("bench.junitRounds", 3),
                Integer.getInteger("bench.e2eRuns", 3),
                Integer.getInteger("bench.localColdStarts", 7),
                Integer.getInteger("bench.localInvokes", 100),
                Integer.getInteger("bench.localSqsEvents", 50),
                Integer.getInteger("bench.localTriggerEvents", 30),
                Integer.getInteger("bench.lintReps", 5),
                Boolean.parseBoolean(System.getProperty("bench.toolchainInstall", "true")),
                Integer.getInteger("bench.cdkReps", 5));
    }

    @Override
    public String toString() {
        return "warm-up " + warmup + " round(s); reps " + reps + "; simulated async " + simulatedDelayMillis
                + " ms × " + simulatedReps + " (SDK waiter × " + waiterSimulatedReps + "); bucket " + bucketReps
                + "; parallel " + parallelReps + "; reuse " + reuseReps + "; probe events " + probeEvents
                + " per candidate; JUnit " + testMethods + " methods × " + junitRounds + " rounds; mvn verify 1 + "
                + e2eRuns + " (× 2: with and without ITs); local functions: " + localColdStarts + " cold starts, "
                + localInvokes + " warm invokes, " + localSqsEvents + " SQS messages, " + localTriggerEvents
                + " events per push trigger, per candidate; lint " + lintReps
                + " per kind" + (toolchainInstall ? ", toolchain install timed" : "") + "; CDK " + cdkReps
                + " rounds";
    }
}
