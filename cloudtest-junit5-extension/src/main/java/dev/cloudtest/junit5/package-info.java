/**
 * The JUnit Jupiter extension: {@code @CloudStack} gives a test class a deployed, ephemeral stack.
 *
 * <pre>{@code
 * @CloudStack(template = "stacks/orders.yaml", parameters = "Stage=test")
 * class OrdersJourneyIT {
 *     @Output("ApiUrl") URI api;          // fields need @Output, @StackResource or @StackRef
 *
 *     @Test
 *     void stores_an_order(@StackResource("OrdersTable") String table, DynamoDbClient dynamo, Stack stack) {
 *         // drive the system through `api`, observe `table`
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link dev.cloudtest.junit5.CloudStack} (repeatable) declares stacks; {@link dev.cloudtest.junit5.StackLifecycle}
 *       chooses one per class or one shared by every class declaring the same spec.
 *   <li>{@link dev.cloudtest.junit5.CloudTestExtension#builder()} on a static {@code @RegisterExtension} field adds
 *       stacks built in code and configuration.
 *   <li>{@link dev.cloudtest.junit5.Output}, {@link dev.cloudtest.junit5.StackResource}, {@link dev.cloudtest.junit5.StackRef}
 *       say what tests receive; {@link dev.cloudtest.core.Stack} is the stack itself (name, outputs, physical ids,
 *       its session's region and account).
 * </ul>
 *
 * Configuration: {@code cloudtest.*} keys from cloudtest's usual sources and from JUnit configuration parameters (e.g.
 * {@code junit-platform.properties}); see {@link dev.cloudtest.junit5.CloudTestExtension}. Runs on JUnit 5.14 and 6.
 */
package dev.cloudtest.junit5;
