package dev.cloudtest.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.commons.PreconditionViolationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Every kind of injection against a real stack; every misuse reported before anything is provisioned. */
@ExtendWith(Moto.Resolver.class)
class InjectionIT {

    @Test
    void injects_outputs_resources_stack_info_stack_and_clients_into_fields_and_parameters(Moto moto) {
        EngineExecutionResults results = Kit.on(moto).run(EveryKind.class);

        results.allEvents().assertThatEvents().doNotHave(finishedWithFailure());
        results.testEvents().assertStatistics(s -> s.succeeded(3));
    }

    @Test
    void tells_several_stacks_apart_by_stack_ref(Moto moto) {
        EngineExecutionResults results = Kit.on(moto).run(TwoStacks.class);

        results.allEvents().assertThatEvents().doNotHave(finishedWithFailure());
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void a_registered_extension_provisions_its_stacks_from_a_template_file_with_its_settings(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(Registered.class);

        results.allEvents().assertThatEvents().doNotHave(finishedWithFailure());
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
    }

    @Test
    void the_registered_extension_is_the_handle_to_its_stacks_probes_session_and_functions(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(Handle.class);

        results.allEvents().assertThatEvents().doNotHave(finishedWithFailure());
        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
    }

    @Test
    void the_handle_outside_the_class_run_and_for_an_unknown_stack_says_what_to_do() {
        CloudTestExtension unbound = CloudTestExtension.builder().build();

        assertThatThrownBy(unbound::stack)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from its @BeforeAll methods until its @AfterAll methods");
        assertThatThrownBy(() -> new CloudTestExtension().probes())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("works on a registered extension");
    }

    @Test
    void an_unknown_output_key_fails_with_the_keys_the_stack_has_and_the_stack_is_still_deleted(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(UnknownOutput.class);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        finishedWithFailure(
                                instanceOf(ParameterResolutionException.class),
                                message(m -> m.contains("has no output 'ApiUrl'")
                                        && m.contains("[BucketName, BucketUrl, LogGroupName, ParameterName, QueueUrl, "
                                                + "Stage]"))));
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
    }

    static Stream<Arguments> misuse() {
        return Stream.of(
                Arguments.of(TwoStacksWithoutIds.class, "declares 2 stacks, so each needs an id"),
                Arguments.of(DuplicateIds.class, "declares stack id 'same' 2 times"),
                Arguments.of(OutputOnInt.class, "has type int. Outputs are injected as String or java.net.URI"),
                Arguments.of(ResourceOnUri.class, "Physical ids are injected as String"),
                Arguments.of(UnknownStackRef.class, "refers to no declared stack. Declared stack ids: [a, b]"),
                Arguments.of(MissingStackRef.class, "does not say which stack it means"),
                Arguments.of(FinalField.class, "is final, so it cannot be injected"),
                Arguments.of(StackRefOnUnsupportedType.class, "@StackRef on field StackRefOnUnsupportedType.name"),
                Arguments.of(MissingTemplate.class, "is neither a classpath resource nor a file"),
                Arguments.of(ReservedTag.class, "uses the reserved prefix 'cloudtest:'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misuse")
    void misuse_fails_the_class_with_how_to_fix_it_and_provisions_nothing(
            Class<?> testClass, String expectedMessage, Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(testClass);

        results.containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        finishedWithFailure(
                                instanceOf(PreconditionViolationException.class),
                                message(m -> m.contains(expectedMessage))));
        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(moto.stacksOf(kit.runId())).isEmpty();
        assertThat(kit.hasReport()).as("a run was started").isFalse();
    }

    @Test
    void a_non_static_registered_extension_fails_with_how_to_fix_it_and_provisions_nothing(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(NonStaticRegistration.class);

        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        finishedWithFailure(
                                instanceOf(ExtensionConfigurationException.class),
                                message(m -> m.contains("Make the field static"))));
        assertThat(moto.stacksOf(kit.runId())).isEmpty();
    }

    @Test
    void injects_a_function_that_runs_locally_and_refuses_a_resource_that_is_none(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(WithFunction.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        finishedWithFailure(
                                instanceOf(ParameterResolutionException.class),
                                message(m ->
                                        m.contains("has no local function 'Notes'") && m.contains("[GreetFunction]"))));
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/function.yaml")
    static class WithFunction {
        @Test
        void invokes_the_injected_function(
                @StackResource("GreetFunction") dev.cloudtest.core.LocalFunction greet,
                @Output("FunctionName") String name) {
            assertThat(greet.functionName()).isEqualTo(name);
            assertThat(greet.invoke("{\"name\": \"ada\"}"))
                    .contains("\"greeting\":\"hello ada\"")
                    .contains("\"function\":\"" + name + "\"");
        }

        @Test
        void a_queue_is_no_function(@StackResource("Notes") dev.cloudtest.core.LocalFunction notes) {
            throw new AssertionError("not reached: " + notes);
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml", parameters = "Stage=test")
    static class EveryKind {
        @Output("QueueUrl")
        static String queueUrl;

        @StackRef
        static Stack info;

        @StackResource("Bucket")
        String bucket;

        @Output("BucketUrl")
        URI bucketUrl;

        @StackRef
        S3Client s3;

        @StackRef
        Stack stack;

        private final Stack fromConstructor;
        private static String fromBeforeAll;

        EveryKind(Stack fromConstructor) {
            this.fromConstructor = fromConstructor;
        }

        @BeforeAll
        static void setUp(@Output("Stage") String stage) {
            fromBeforeAll = stage;
        }

        @BeforeEach
        void checkStaticFieldsAreSetBeforeTests() {
            assertThat(queueUrl).isEqualTo(info.physicalId("Queue"));
        }

        @Test
        void fields_and_lifecycle_parameters_are_injected(SsmClient ssm) {
            assertThat(fromBeforeAll).isEqualTo("test");
            assertThat(fromConstructor).isEqualTo(info);
            assertThat(stack.name()).isEqualTo(info.name());
            assertThat(bucketUrl).hasHost(bucket + ".s3.amazonaws.com");
            s3.headBucket(r -> r.bucket(bucket));
            assertThat(ssm.getParameter(r -> r.name(info.output("ParameterName")))
                            .parameter()
                            .value())
                    .isEqualTo("test");
            assertThat(info.session().endpoint()).isPresent();
            assertThat(info.session().region()).isEqualTo("us-east-1");
            assertThat(info.resourceTypes()).containsEntry("Queue", "AWS::SQS::Queue");
        }

        @Test
        void test_parameters_are_injected(
                @Output("QueueUrl") String queue, @StackResource("Queue") String queueId, SqsClient sqs, Stack core) {
            assertThat(queue).isEqualTo(queueId);
            assertThat(sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{}")).messageId())
                    .isNotBlank();
            assertThat(core.outputs()).containsEntry("QueueUrl", queue);
        }

        @Nested
        class NestedClass {
            @Test
            void uses_the_enclosing_class_stack(Stack nestedInfo, @Output("Stage") String stage) {
                assertThat(nestedInfo).isEqualTo(info);
                assertThat(stage).isEqualTo("test");
            }
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "a", template = "stacks/journey.yaml", parameters = "Stage=stage-a")
    @CloudStack(id = "b", template = "stacks/journey.yaml", parameters = "Stage=stage-b", tags = "team=b")
    static class TwoStacks {
        @StackRef("b")
        @Output("Stage")
        String stageOfB;

        @Test
        void each_reference_gets_its_stack(
                @StackRef("a") @Output("Stage") String stageOfA,
                @StackRef("a") Stack a,
                @StackRef("b") Stack b,
                CloudFormationClient cfn) {
            assertThat(stageOfA).isEqualTo("stage-a");
            assertThat(stageOfB).isEqualTo("stage-b");
            assertThat(a.name()).isNotEqualTo(b.name()).contains("-a-");
            assertThat(cfn.describeStacks(r -> r.stackName(b.name()))
                            .stacks()
                            .get(0)
                            .tags())
                    .anyMatch(t -> t.key().equals("team") && t.value().equals("b"));
        }
    }

    @OnlyInEngineTestKit
    static class Handle {
        @RegisterExtension
        static CloudTestExtension cloud = CloudTestExtension.builder()
                .stack(StackSpec.builder()
                        .id("fn")
                        .templateResource("stacks/function.yaml")
                        .build())
                .build();

        static String functionName;

        @BeforeAll
        static void reads_its_stack_before_the_tests() {
            functionName = cloud.stack("fn").output("FunctionName");
        }

        @Test
        void gives_the_stack_and_its_local_function() {
            assertThat(cloud.stack().output("FunctionName")).isEqualTo(functionName);
            assertThat(cloud.localFunction("fn", "GreetFunction").invoke("{\"name\": \"ada\"}"))
                    .contains("\"greeting\":\"hello ada\"");
            assertThatThrownBy(() -> cloud.stack("orders"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("No stack 'orders'")
                    .hasMessageContaining("[fn]");
        }

        @Test
        void gives_the_probes_and_the_session() {
            String queue = cloud.stack().physicalId("Notes");
            try (var notes = cloud.probes().queue(queue)) {
                cloud.session()
                        .client(software.amazon.awssdk.services.sqs.SqsClient.class)
                        .sendMessage(r -> r.queueUrl(queue).messageBody("noted"));
                notes.awaitMessage("the note", m -> m.payload().equals("noted"), java.time.Duration.ofSeconds(20));
            }
        }
    }

    @OnlyInEngineTestKit
    static class Registered {
        @RegisterExtension
        static CloudTestExtension cloud = CloudTestExtension.builder()
                .stack(StackSpec.builder()
                        .id("registered")
                        .template(Path.of("src/test/resources/stacks/journey.yaml"))
                        .parameter("Stage", "registered")
                        .build())
                .config(c -> c.set(CloudTestConfig.NAME_PREFIX, "reg"))
                .build();

        @Test
        void gets_its_stack(@Output("Stage") String stage, Stack info) {
            assertThat(stage).isEqualTo("registered");
            assertThat(info.name()).startsWith("reg-registered-");
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class UnknownOutput {
        @Test
        void wants_an_output_the_stack_lacks(@Output("ApiUrl") String api) {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    @CloudStack(template = "stacks/journey.yaml", parameters = "Stage=x")
    static class TwoStacksWithoutIds {
        @Test
        void never_runs() {}
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "same", template = "stacks/journey.yaml")
    @CloudStack(id = "same", template = "stacks/journey.yaml", parameters = "Stage=x")
    static class DuplicateIds {
        @Test
        void never_runs() {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class OutputOnInt {
        @Test
        void never_runs(@Output("Stage") int stage) {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class ResourceOnUri {
        @StackResource("Queue")
        URI queue;

        @Test
        void never_runs() {}
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "a", template = "stacks/journey.yaml")
    @CloudStack(id = "b", template = "stacks/journey.yaml")
    static class UnknownStackRef {
        @Test
        void never_runs(@StackRef("c") Stack c) {}
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "a", template = "stacks/journey.yaml")
    @CloudStack(id = "b", template = "stacks/journey.yaml")
    static class MissingStackRef {
        @Test
        void never_runs(@Output("QueueUrl") String queue) {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class FinalField {
        @Output("QueueUrl")
        final String queue = "";

        @Test
        void never_runs() {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class StackRefOnUnsupportedType {
        @StackRef
        String name;

        @Test
        void never_runs() {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/missing.yaml")
    static class MissingTemplate {
        @Test
        void never_runs() {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml", tags = "cloudtest:owner=me")
    static class ReservedTag {
        @Test
        void never_runs() {}
    }

    @OnlyInEngineTestKit
    static class NonStaticRegistration {
        @RegisterExtension
        CloudTestExtension cloud = CloudTestExtension.builder()
                .stack(StackSpec.builder()
                        .templateResource("stacks/journey.yaml")
                        .build())
                .build();

        @Test
        void never_runs() {}
    }
}
