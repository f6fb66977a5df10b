package dev.cloudtest.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which stack an injection point refers to, by the stack's {@link CloudStack#id()}; and marks a field of type
 * {@link dev.cloudtest.core.Stack} or an SDK client for injection.
 *
 * <pre>{@code
 * @CloudStack(id = "orders", template = "stacks/orders.yaml")
 * @CloudStack(id = "billing", template = "stacks/billing.yaml")
 * class CheckoutJourneyIT {
 *     @StackRef("orders") @Output("ApiUrl") URI ordersApi;
 *     @StackRef("billing") dev.cloudtest.core.Stack billing;
 *     @StackRef S3Client s3;
 * }
 * }</pre>
 *
 * <p>Required on outputs, resources, {@code Stack} when a class has several stacks; optional
 * (an empty value) when it has one. SDK clients are the same for every stack of a run, so they never need an id.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StackRef {

    /** The stack's id; empty means the class's only stack. */
    String value() default "";
}
