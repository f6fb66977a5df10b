package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.report.CheckReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What CloudFormation would reject is refused on the emulator too: before CreateStack, naming the rule, the resource,
 * the file and the line, with no mutating request sent (the proxy's journal). moto itself accepts every one of these
 * templates, or fails with an HTTP 500 that names nothing.
 */
class FidelityCheckIT extends ProxiedMotoTest {
    private static final Path DIR = Path.of("src/test/resources/fidelity");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "property-typo.yaml,     E3002, OrdersQueue,  7, VisibilityTimout",
        "type-typo.yaml,         E3006, OrderEvents,  7, AWS::SNS::Topik",
        "undefined-ref.yaml,     E1010, OrdersQueue,  8, OrdersDeadLetters",
        "missing-required.yaml,  E3003, OrdersTable,  6, KeySchema",
        "sam-expanded-error.yaml, E3034, PlaceOrder, 11, 32768",
    })
    void a_template_cloudformation_would_reject_is_refused_before_create_stack(
            String file, String rule, String resource, int line, String detail) {
        CloudTestConfig config = Moto.at(proxy.endpoint()).build();
        Path template = DIR.resolve(file);
        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(
                            StackSpec.builder().id("bad").template(template).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("would be rejected by CloudFormation; nothing was created")
                    .hasMessageContaining(rule + " " + template + ":" + line + ":")
                    .hasMessageContaining("resource " + resource)
                    .hasMessageContaining(detail);
        }
        assertThat(proxy.operations()).doesNotContain("CreateStack");
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void an_undefined_ref_is_named_too() {
        CloudTestConfig config = Moto.at(proxy.endpoint()).build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("bad")
                            .template(DIR.resolve("undefined-ref.yaml"))
                            .build()))
                    .hasMessageContaining("E1020")
                    .hasMessageContaining(":12:")
                    .hasMessageContaining("'Stage'");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void sam_constructs_an_emulator_cannot_run_are_refused_with_no_mutating_request() {
        CloudTestConfig config = Moto.at(proxy.endpoint()).build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("macro")
                            .templateBody("Transform: [AWS::Serverless-2016-10-31, Company::Naming]\n"
                                    + "Resources:\n  Work: {Type: AWS::SQS::Queue}\n")
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Company::Naming");
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("include")
                            .templateBody("Transform: AWS::Serverless-2016-10-31\nResources:\n"
                                    + "  Work:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                                    + "      'Fn::Transform': {Name: AWS::Include, Parameters: {Location: s3://b/k}}\n")
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("AWS::Include");
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("nested")
                            .templateBody("Transform: AWS::Serverless-2016-10-31\nResources:\n"
                                    + "  Auth:\n    Type: AWS::Serverless::Application\n    Properties:\n"
                                    + "      Location: {ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:"
                                    + "applications/auth', SemanticVersion: 1.0.0}\n")
                            .build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("Auth (AWS::Serverless::Application)");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void warnings_are_shown_not_fatal_unless_configured() {
        StackSpec spec = StackSpec.builder()
                .id("warned")
                .template(DIR.resolve("warning-only.yaml"))
                .build();
        try (CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint()).build())) {
            Stack stack = run.provision(spec);
            assertThat(stack.name()).isNotEmpty();
        }
        proxy.resetJournal();
        CloudTestConfig strict =
                Moto.at(proxy.endpoint()).set(CloudTestConfig.LINT, "warning").build();
        try (CloudTestRun run = CloudTestRun.start(strict)) {
            assertThatThrownBy(() -> run.provision(spec))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("W2001")
                    .hasMessageContaining("Unused");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void the_projects_cfnlintrc_is_honoured() {
        try (CloudTestRun run = CloudTestRun.start(Moto.at(proxy.endpoint()).build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("accepted")
                    .template(DIR.resolve("rc/accepted-typo.yaml"))
                    .build());
            assertThat(stack.resourceTypes()).containsKey("OrdersQueue");
        }
    }

    @Test
    void lint_off_lets_the_emulator_decide() {
        CloudTestConfig off =
                Moto.at(proxy.endpoint()).set(CloudTestConfig.LINT, "off").build();
        try (CloudTestRun run = CloudTestRun.start(off)) {
            // moto ignores the unknown property: what the check is there to catch.
            Stack stack = run.provision(StackSpec.builder()
                    .id("unchecked")
                    .template(DIR.resolve("property-typo.yaml"))
                    .build());
            assertThat(stack.resourceTypes()).containsKey("OrdersQueue");
        }
    }

    @Test
    void an_invalid_lint_mode_is_refused_naming_the_choices() {
        CloudTestConfig config =
                Moto.at(proxy.endpoint()).set(CloudTestConfig.LINT, "strict").build();
        assertThatThrownBy(() -> {
                    try (CloudTestRun run = CloudTestRun.start(config)) {
                        run.provision(StackSpec.builder()
                                .template(DIR.resolve("warning-only.yaml"))
                                .build());
                    }
                })
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cloudtest.lint")
                .hasMessageContaining("error (the default), warning or off");
    }

    @Test
    void check_reports_the_same_findings_and_lists_what_moto_would_not_create() {
        CheckReport report = CloudTestRun.check(
                Moto.at(proxy.endpoint()).build(),
                List.of(
                        StackSpec.builder()
                                .id("typo")
                                .template(DIR.resolve("property-typo.yaml"))
                                .build(),
                        StackSpec.builder()
                                .id("warned")
                                .template(DIR.resolve("warning-only.yaml"))
                                .build()));
        assertThat(report.passed()).isFalse();
        assertThat(report.violations())
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("E3002").contains("OrdersQueue"));
        assertThat(report.stacks().get(1).notes()).anySatisfy(n -> assertThat(n).contains("W2001"));
        assertThat(proxy.mutatingCalls()).isEmpty();
    }
}
