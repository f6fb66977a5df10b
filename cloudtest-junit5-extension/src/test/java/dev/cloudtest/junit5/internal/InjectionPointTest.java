package dev.cloudtest.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.Stack;
import dev.cloudtest.junit5.Output;
import dev.cloudtest.junit5.StackRef;
import dev.cloudtest.junit5.StackResource;
import dev.cloudtest.junit5.internal.InjectionPoint.Kind;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.PreconditionViolationException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.s3.S3Client;

class InjectionPointTest {

    @SuppressWarnings("unused")
    static class Fields {
        @Output("ApiUrl")
        URI api;

        @StackRef("orders")
        @StackResource("Table")
        String table;

        @StackRef
        S3Client s3;

        S3Client notMarked;

        @Output("ApiUrl")
        final String finalField = "";

        @Output("ApiUrl")
        @StackResource("Table")
        String both;

        @StackResource("PricingFunction")
        dev.cloudtest.core.LocalFunction pricing;

        @StackResource("Table")
        Integer notAnId;
    }

    @SuppressWarnings("unused")
    void parameters(
            Stack info,
            Stack stack,
            S3Client s3,
            SdkClient anyClient,
            String plain,
            @Output("Count") long count,
            @StackRef Integer number,
            dev.cloudtest.core.journey.Probes probes) {}

    private static Optional<InjectionPoint> field(String name) throws NoSuchFieldException {
        return InjectionPoint.ofField(Fields.class.getDeclaredField(name));
    }

    private Optional<InjectionPoint> parameter(int index) {
        Method method = java.util.Arrays.stream(getClass().getDeclaredMethods())
                .filter(m -> m.getName().equals("parameters"))
                .findFirst()
                .orElseThrow();
        Parameter parameter = method.getParameters()[index];
        return InjectionPoint.ofParameter(parameter, ClassPlan.describe(parameter, method));
    }

    @Test
    void annotated_fields_are_injection_points_with_their_key_and_stack() throws Exception {
        assertThat(field("api"))
                .get()
                .extracting(InjectionPoint::kind, InjectionPoint::key, InjectionPoint::stackRef)
                .containsExactly(Kind.OUTPUT, "ApiUrl", Optional.empty());
        assertThat(field("table"))
                .get()
                .extracting(InjectionPoint::kind, InjectionPoint::key, InjectionPoint::stackRef)
                .containsExactly(Kind.RESOURCE, "Table", Optional.of("orders"));
        assertThat(field("s3")).get().extracting(InjectionPoint::kind).isEqualTo(Kind.CLIENT);
    }

    @Test
    void a_resource_of_type_local_function_is_the_function_of_that_logical_id() throws Exception {
        assertThat(field("pricing"))
                .get()
                .extracting(InjectionPoint::kind, InjectionPoint::key)
                .containsExactly(Kind.LOCAL_FUNCTION, "PricingFunction");
        assertThatThrownBy(() -> field("notAnId"))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("Physical ids are injected as String; a function that runs locally as "
                        + "dev.cloudtest.core.LocalFunction, a schedule as dev.cloudtest.core.Schedule.");
    }

    @Test
    void a_field_is_never_injected_by_its_type_alone() throws Exception {
        assertThat(field("notMarked")).isEmpty();
    }

    @Test
    void a_final_field_is_refused() {
        assertThatThrownBy(() -> field("finalField"))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessage("field Fields.finalField is final, so it cannot be injected. Remove 'final'.");
    }

    @Test
    void output_and_resource_together_are_refused() {
        assertThatThrownBy(() -> field("both"))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("has both @Output and @StackResource");
    }

    @Test
    void parameters_are_injected_by_type_for_stack_info_stack_and_sdk_clients() {
        assertThat(parameter(0)).get().extracting(InjectionPoint::kind).isEqualTo(Kind.STACK);
        assertThat(parameter(1)).get().extracting(InjectionPoint::kind).isEqualTo(Kind.STACK);
        assertThat(parameter(2)).get().extracting(InjectionPoint::kind).isEqualTo(Kind.CLIENT);
    }

    @Test
    void probes_are_injected_by_type_without_a_stack_ref_even_with_several_stacks() {
        InjectionPoint probes = parameter(7).orElseThrow();

        assertThat(probes.kind()).isEqualTo(Kind.PROBES);
        probes.check(java.util.List.of("orders", "billing"));
    }

    @Test
    void parameters_of_other_types_are_left_to_other_resolvers() {
        assertThat(parameter(3)).as("SdkClient itself names no service").isEmpty();
        assertThat(parameter(4)).isEmpty();
    }

    @Test
    void an_output_of_an_unsupported_type_is_refused_with_the_supported_types() {
        assertThatThrownBy(() -> parameter(5))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageStartingWith("@Output(\"Count\") on parameter ")
                .hasMessageContaining("has type long. Outputs are injected as String or java.net.URI.");
    }

    @Test
    void stack_ref_on_an_unsupported_type_is_refused() {
        assertThatThrownBy(() -> parameter(6))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("@StackRef on parameter")
                .hasMessageContaining("of type java.lang.Integer");
    }

    @Test
    void an_unqualified_point_is_fine_with_one_stack_and_refused_with_several() throws Exception {
        InjectionPoint api = field("api").orElseThrow();

        assertThatCode(() -> api.check(List.of("orders"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> api.check(List.of("orders", "billing")))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessage("field Fields.api does not say which stack it means, and there are 2 stacks [orders, "
                        + "billing]. Add @StackRef(\"orders\") (or another of those ids).");
    }

    @Test
    void clients_need_no_stack_ref_with_several_stacks() throws Exception {
        InjectionPoint s3 = field("s3").orElseThrow();

        assertThatCode(() -> s3.check(List.of("orders", "billing"))).doesNotThrowAnyException();
    }

    @Test
    void an_unknown_stack_ref_is_refused_with_the_declared_ids() throws Exception {
        assertThatThrownBy(() -> field("table").orElseThrow().check(List.of("billing")))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("refers to no declared stack. Declared stack ids: [billing].");
    }

    @Test
    void resolves_outputs_as_string_or_uri_and_resources_from_the_referenced_stack() throws Exception {
        Map<String, Stack> stacks = new LinkedHashMap<>();
        stacks.put("billing", FakeStacks.stack("billing", Map.of("ApiUrl", "https://billing"), Map.of()));
        stacks.put(
                "orders",
                FakeStacks.stack("orders", Map.of("ApiUrl", "https://orders"), Map.of("Table", "orders-table")));

        assertThat(field("table").orElseThrow().resolve(stacks, FakeStacks.SESSION))
                .isEqualTo("orders-table");
        assertThat(field("api").orElseThrow().resolve(stacks, FakeStacks.SESSION))
                .isEqualTo(URI.create("https://billing"));
    }

    @Test
    void resolves_the_stack_itself() {
        Stack stack = FakeStacks.stack("orders", Map.of("ApiUrl", "https://orders"), Map.of("Table", "t"));

        Object info = parameter(0).orElseThrow().resolve(Map.of("orders", stack), FakeStacks.SESSION);

        assertThat(info).isSameAs(stack);
    }

    @Test
    void an_unknown_output_fails_with_the_outputs_the_stack_has() throws Exception {
        Stack stack = FakeStacks.stack("orders", Map.of("QueueUrl", "q", "BucketName", "b"), Map.of());

        assertThatThrownBy(() -> field("api").orElseThrow().resolve(Map.of("orders", stack), FakeStacks.SESSION))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("Cannot inject field Fields.api: Stack ct-orders-run1 has no output 'ApiUrl'. Available "
                        + "outputs: [BucketName, QueueUrl].");
    }

    @Test
    void an_output_that_is_no_uri_says_to_inject_it_as_string() throws Exception {
        Stack stack = FakeStacks.stack("orders", Map.of("ApiUrl", "not a uri"), Map.of());

        assertThatThrownBy(() -> field("api").orElseThrow().resolve(Map.of("orders", stack), FakeStacks.SESSION))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("is 'not a uri', which is not a URI. Inject it as String.");
    }
}
