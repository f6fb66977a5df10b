package dev.cloudtest.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a stack output, as {@link String} or {@link java.net.URI}, into a field or parameter:
 *
 * <pre>{@code
 * @Test
 * void accepts_orders(@Output("ApiUrl") URI api) { ... }
 * }</pre>
 *
 * With several stacks, add {@link StackRef} to say which stack's output. A key the stack does not have fails with
 * the list of the outputs it has.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Output {

    /** The output key, as in the template's {@code Outputs} section. */
    String value();
}
