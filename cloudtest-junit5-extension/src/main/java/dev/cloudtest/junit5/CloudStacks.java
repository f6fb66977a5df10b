package dev.cloudtest.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container of repeated {@link CloudStack} annotations; written by the compiler when a class declares several
 * stacks, rarely by hand.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
// Repeated annotations are found inside this container, so the extension must be registered from here as well.
@ExtendWith(CloudTestExtension.class)
public @interface CloudStacks {

    /** The stacks. */
    CloudStack[] value();
}
