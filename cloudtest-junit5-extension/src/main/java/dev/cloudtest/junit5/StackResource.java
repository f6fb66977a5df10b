package dev.cloudtest.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the physical id of a stack resource (a bucket name, a queue URL, a table name...) as a {@link String}, by
 * the resource's logical id in the template:
 *
 * <pre>{@code
 * @StackResource("OrdersTable") String table;
 * }</pre>
 *
 * On a {@link dev.cloudtest.core.LocalFunction}, it injects the function of that logical id as cloudtest runs it
 * locally (on an emulator, or with {@code cloudtest.local-functions}), to invoke it directly:
 *
 * <pre>{@code
 * @Test
 * void prices_an_order(@StackResource("PricingFunction") LocalFunction pricing) {
 *     assertThat(pricing.invoke("{\"quantity\": 2}")).contains("totalCents");
 * }
 * }</pre>
 *
 * A function that does not run locally fails the injection, saying why. On a {@link dev.cloudtest.core.Schedule}, it
 * injects the schedule of that logical id (a rule with a {@code ScheduleExpression} or an {@code
 * AWS::Scheduler::Schedule}), to {@link dev.cloudtest.core.Schedule#fire() fire} now. With several stacks, add {@link StackRef} to
 * say which stack's resource.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StackResource {

    /** The resource's logical id in the template. */
    String value();
}
