package dev.cloudtest.core;

/**
 * A schedule of a provisioned stack: an {@code AWS::Events::Rule} with a {@code ScheduleExpression} (SAM's {@code
 * Schedule} event) or an {@code AWS::Scheduler::Schedule} (SAM's {@code ScheduleV2}). Emulators never fire schedules,
 * and waiting for {@code rate(1 day)} is no test: {@link #fire()} delivers now what the schedule delivers when it is
 * due.
 *
 * <pre>{@code
 * @Test
 * void the_nightly_audit_reports(@StackResource("NightlyAudit") Schedule nightly) {
 *     nightly.fire();
 *     // ... await what the target does
 * }
 * }</pre>
 *
 * Obtained from {@link CloudTestRun#schedule(Stack, String)} or injected with {@code @StackResource} in a JUnit test.
 */
public interface Schedule {

    /** The rule's or schedule's logical id in the template. */
    String logicalId();

    /** Its {@code ScheduleExpression}, e.g. {@code rate(5 minutes)} or {@code cron(0 2 * * ? *)}. */
    String expression();

    /**
     * Delivers to each target what it receives when the schedule is due: for a rule, EventBridge's {@code Scheduled
     * Event} (with the target's {@code Input}, {@code InputPath} or {@code InputTransformer} applied); for a Scheduler
     * schedule, its target's {@code Input}. A function target is invoked asynchronously, as on AWS (the local function
     * on an emulator); queues, topics and state machines receive at once. Returns when every target has been handed
     * its event, not when functions have finished.
     *
     * @throws IllegalStateException naming the target when one cannot be reached on this target (a function that
     *     does not run locally on an emulator, a target type cloudtest does not deliver to)
     */
    void fire();
}
