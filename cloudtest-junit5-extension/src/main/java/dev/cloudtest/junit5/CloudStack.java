package dev.cloudtest.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a deployed, ephemeral CloudFormation stack: provisioned before the class's first test, torn
 * down after its last (or, with {@link StackLifecycle#SHARED}, once at the end of the test run).
 *
 * <pre>{@code
 * @CloudStack(template = "stacks/orders.yaml", parameters = "Stage=test")
 * class OrdersJourneyIT {
 *     @Test
 *     void an_order_is_stored(@Output("ApiUrl") URI api, DynamoDbClient dynamo) { ... }
 * }
 * }</pre>
 *
 * <p>Repeatable: a class may declare several stacks; each then needs an {@link #id()}, and injection points say which
 * stack they mean with {@link StackRef}. Values are injected into parameters of constructors, lifecycle and test
 * methods, and into fields marked with {@link Output}, {@link StackResource} or {@link StackRef}; see
 * {@link CloudTestExtension} for the supported types and the configuration sources.
 *
 * <p>{@code @Nested} classes share their enclosing class's stacks unless they declare their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(CloudStacks.class)
@ExtendWith(CloudTestExtension.class)
public @interface CloudStack {

    /**
     * The CloudFormation template (YAML or JSON). Resolved in this order:
     *
     * <ol>
     *   <li>{@code file:path} — a file, relative to the working directory (or absolute);
     *   <li>{@code classpath:name} — a classpath resource;
     *   <li>otherwise a classpath resource when one exists with that name (e.g. {@code stacks/orders.yaml} from
     *       {@code src/test/resources}),
     *   <li>else a file when one exists at that path relative to the working directory (e.g.
     *       {@code src/main/cloudformation/orders.yaml}).
     * </ol>
     *
     * A directory with a {@code manifest.json} (a CDK app's cloud assembly, e.g. {@code cdk.out}) is taken as one,
     * with {@link #cdkStack()} choosing the stack.
     *
     * A template found in neither place fails the class before anything is provisioned.
     */
    String template() default "";

    /**
     * A Java CDK app instead of a template: its main class (on the test classpath, with aws-cdk-lib), synthesised once
     * per JVM as {@code cdk synth} would; {@link #cdkStack()} picks the stack. Needs Node.js on the PATH.
     */
    String cdkApp() default "";

    /**
     * For a CDK app: which stack of the cloud assembly {@link #template()} names (a directory such as {@code cdk.out}
     * after {@code cdk synth}), by its name in the app. Needed when the app has several stacks.
     */
    String cdkStack() default "";

    /**
     * The stack's short id within the run: the middle part of the stack name and what {@link StackRef} refers to.
     * Default: the template's file name without extension. Required when a class declares several stacks.
     */
    String id() default "";

    /** Template parameters, each written {@code Name=value}, e.g. {@code "Stage=test"}. */
    String[] parameters() default {};

    /** User tags on the stack, each written {@code key=value}; the {@code cloudtest:} prefix is reserved. */
    String[] tags() default {};

    /** Whether the stack belongs to this class ({@link StackLifecycle#PER_CLASS}, the default) or is shared. */
    StackLifecycle lifecycle() default StackLifecycle.PER_CLASS;

    /**
     * Whether this stack is kept after its tests: {@link Keep#DEFAULT} follows {@code cloudtest.keep}; the others
     * decide for this stack whatever {@code cloudtest.keep} says. A shared stack follows the first class that declares
     * it.
     */
    Keep keep() default Keep.DEFAULT;

    /**
     * Skip the class (with the reason, printed) instead of failing it when no target is usable: no emulator, no
     * credentials, an endpoint that does not answer. Off by default, as is {@code cloudtest.skip-without-target}, which
     * decides for every class; either one set skips.
     */
    boolean skipWithoutTarget() default false;
}
