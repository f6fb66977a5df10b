package dev.cloudtest.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.StackLifecycle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.PreconditionViolationException;

class DeclarationsTest {
    private final TemplateLocation templates =
            new TemplateLocation(getClass().getClassLoader(), Path.of("").toAbsolutePath());

    @CloudStack(
            template = "stacks/journey.yaml",
            parameters = {"Stage=test", "Size=2"},
            tags = "team = orders",
            lifecycle = StackLifecycle.SHARED)
    static class OneStack {}

    @CloudStack(id = "a", template = "stacks/journey.yaml")
    @CloudStack(id = "b", template = "stacks/journey.yaml")
    static class TwoStacks {}

    @CloudStack(template = "stacks/journey.yaml", parameters = "Stage")
    static class ParameterWithoutValue {}

    @CloudStack(template = "stacks/journey.yaml", tags = "team")
    static class TagWithoutValue {}

    static class Subclass extends OneStack {}

    @Test
    void reads_template_parameters_tags_and_lifecycle_with_the_id_derived_from_the_template() {
        StackDeclaration declaration =
                Declarations.fromAnnotations(OneStack.class, templates).get(0);

        assertThat(declaration.id()).isEqualTo("journey");
        assertThat(declaration.explicitId()).isFalse();
        assertThat(declaration.spec().templateOrigin()).isEqualTo("classpath:stacks/journey.yaml");
        assertThat(declaration.spec().parameters()).isEqualTo(Map.of("Stage", "test", "Size", "2"));
        assertThat(declaration.spec().tags()).isEqualTo(Map.of("team", "orders"));
        assertThat(declaration.lifecycle()).isEqualTo(StackLifecycle.SHARED);
    }

    @Test
    void reads_repeated_annotations_in_order() {
        assertThat(Declarations.fromAnnotations(TwoStacks.class, templates))
                .extracting(StackDeclaration::id, StackDeclaration::explicitId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", true), org.assertj.core.groups.Tuple.tuple("b", true));
    }

    @Test
    void inherits_the_stacks_of_a_superclass() {
        assertThat(Declarations.fromAnnotations(Subclass.class, templates)).hasSize(1);
    }

    @Test
    void equal_annotations_on_different_classes_give_equal_specs_so_shared_stacks_match() {
        assertThat(Declarations.fromAnnotations(Subclass.class, templates)
                        .get(0)
                        .spec())
                .isEqualTo(Declarations.fromAnnotations(OneStack.class, templates)
                        .get(0)
                        .spec());
    }

    @Test
    void a_parameter_without_value_is_refused_naming_the_annotation() {
        assertThatThrownBy(() -> Declarations.fromAnnotations(ParameterWithoutValue.class, templates))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("@CloudStack(template = \"stacks/journey.yaml\") on ")
                .hasMessageContaining("Invalid parameter 'Stage': write it as Name=value.");
    }

    @Test
    void a_tag_without_value_is_refused_with_the_expected_form() {
        assertThatThrownBy(() -> Declarations.fromAnnotations(TagWithoutValue.class, templates))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("invalid tag 'team'. Write tags as key=value");
    }

    @Test
    void no_stack_at_all_is_refused_with_both_ways_to_declare_one() {
        assertThatThrownBy(() -> Declarations.check(DeclarationsTest.class, List.of()))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("declares no stack")
                .hasMessageContaining("@CloudStack(template =")
                .hasMessageContaining("CloudTestExtension.builder().stack(");
    }

    @Test
    void several_stacks_need_explicit_ids() {
        List<StackDeclaration> two = List.of(
                Declarations.fromAnnotations(OneStack.class, templates).get(0),
                Declarations.fromAnnotations(TwoStacks.class, templates).get(0));

        assertThatThrownBy(() -> Declarations.check(OneStack.class, two))
                .isInstanceOf(PreconditionViolationException.class)
                .hasMessageContaining("declares 2 stacks, so each needs an id");
    }

    @Test
    void one_stack_needs_no_explicit_id() {
        List<StackDeclaration> one = Declarations.fromAnnotations(OneStack.class, templates);

        assertThatCode(() -> Declarations.check(OneStack.class, one)).doesNotThrowAnyException();
    }
}
