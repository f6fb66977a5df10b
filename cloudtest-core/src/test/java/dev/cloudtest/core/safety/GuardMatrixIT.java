package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.internal.guard.TargetGuard;
import dev.cloudtest.core.internal.naming.StackNames;
import dev.cloudtest.core.internal.target.ClientFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The adversarial matrix: unsafe situations, each proving that cloudtest refuses with a message naming the guard, the
 * offending value and the property to set — and that no mutating request reached the endpoint (WireMock's journal in
 * front of moto). Real-AWS identities (other accounts, aliases, markers, failing STS) are stubbed in WireMock; no
 * test ever reaches a non-loopback address.
 */
class GuardMatrixIT extends ProxiedMotoTest {
    private static final String QUEUE_TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

    // ---- account -------------------------------------------------------------------------------------------

    @Test
    void blocked_account_is_refused_and_nothing_is_mutated() {
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNTS, "123456789012")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                    assertThat(e.guard()).isEqualTo("account");
                    assertThat(e.offendingValue()).isEqualTo("123456789012");
                })
                .hasMessageContaining("[guard account]")
                .hasMessageContaining("Account 123456789012 is blocked by cloudtest.guard.blocked-accounts");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void account_not_in_allow_list_is_refused_naming_the_property_and_nothing_is_mutated() {
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, "111111111111,222222222222")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.offendingValue())
                        .isEqualTo("123456789012"))
                .hasMessageContaining("[guard account]")
                .hasMessageContaining("is not in cloudtest.guard.allowed-accounts=111111111111,222222222222")
                .hasMessageContaining("add it to cloudtest.guard.allowed-accounts");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void blocked_account_wins_over_allow_list_and_nothing_is_mutated() {
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, "123456789012")
                .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNTS, "123456789012")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("is blocked by cloudtest.guard.blocked-accounts=123456789012");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void aws_target_without_allow_list_is_refused_suggesting_the_account_to_allow() {
        proxy.callerAccount("210987654321");

        assertThatThrownBy(() -> guardAsAws(Moto.config().build()))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                    assertThat(e.guard()).isEqualTo("account");
                    assertThat(e.offendingValue()).isEqualTo("210987654321");
                })
                .hasMessageContaining("The aws target needs an allow list of sandbox accounts")
                .hasMessageContaining("set cloudtest.guard.allowed-accounts=210987654321");
        assertThat(proxy.operations()).containsExactly("GetCallerIdentity");
    }

    @Test
    void aws_target_with_another_account_than_allowed_is_refused() {
        proxy.callerAccount("210987654321");
        CloudTestConfig config = Moto.config()
                .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, "123456789012")
                .build();

        assertThatThrownBy(() -> guardAsAws(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.offendingValue())
                        .isEqualTo("210987654321"))
                .hasMessageContaining("Account 210987654321 is not in cloudtest.guard.allowed-accounts=123456789012");
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    @Test
    void failing_sts_with_http_403_is_refused_as_an_unidentified_account_and_nothing_is_mutated() {
        proxy.stubQueryAction(
                "GetCallerIdentity",
                403,
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                        + "<Message>not authorized to perform sts:GetCallerIdentity</Message></Error></ErrorResponse>");

        assertThatThrownBy(() -> CloudTestRun.start(viaProxy().build()))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.guard())
                        .isEqualTo("account"))
                .hasMessageContaining("STS GetCallerIdentity failed with HTTP 403")
                .hasMessageContaining("refuses to touch an account it cannot identify")
                .hasMessageContaining("sts:GetCallerIdentity");
        assertThat(proxy.operations()).containsOnly("GetCallerIdentity");
    }

    @Test
    void failing_sts_with_http_500_is_refused_and_nothing_is_mutated() {
        proxy.stubQueryAction(
                "GetCallerIdentity",
                500,
                "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                        + "<Message>boom</Message></Error></ErrorResponse>");

        assertThatThrownBy(() -> CloudTestRun.start(viaProxy().build()))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("STS GetCallerIdentity failed with HTTP 500");
        assertThat(proxy.operations()).isNotEmpty().containsOnly("GetCallerIdentity");
    }

    // ---- region -------------------------------------------------------------------------------------------

    @Test
    void region_not_allowed_is_refused_naming_the_region_and_both_properties() {
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_ALLOWED_REGIONS, "eu-west-1,eu-central-1")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                    assertThat(e.guard()).isEqualTo("region");
                    assertThat(e.offendingValue()).isEqualTo("us-east-1");
                })
                .hasMessageContaining(
                        "Region us-east-1 is not in cloudtest.guard.allowed-regions=eu-west-1,eu-central-1")
                .hasMessageContaining("Set cloudtest.region")
                .hasMessageContaining("add us-east-1 to cloudtest.guard.allowed-regions");
        assertNothingMutatedAfterIdentifying();
    }

    // ---- alias --------------------------------------------------------------------------------------------

    @Test
    void alias_that_does_not_match_the_pattern_is_refused() {
        proxy.accountAlias("payments-prod");
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_ACCOUNT_ALIAS, "sandbox-.*")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                    assertThat(e.guard()).isEqualTo("account-alias");
                    assertThat(e.offendingValue()).isEqualTo("payments-prod");
                })
                .hasMessageContaining("does not match cloudtest.guard.account-alias=sandbox-.*");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void missing_alias_is_refused_when_a_pattern_is_required() {
        // moto's ListAccountAliases returns no alias at all.
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_ACCOUNT_ALIAS, "sandbox-.*")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.offendingValue())
                        .isEqualTo("(no alias)"))
                .hasMessageContaining(
                        "has no alias, and cloudtest.guard.account-alias=sandbox-.* (from builder) requires one")
                .hasMessageContaining("cloudtest.guard.marker-parameter");
        assertThat(proxy.operations()).contains("ListAccountAliases");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void allow_pattern_is_anchored_so_a_substring_match_is_refused() {
        proxy.accountAlias("prod-sandbox-copy");
        CloudTestConfig config =
                viaProxy().set(CloudTestConfig.GUARD_ACCOUNT_ALIAS, "sandbox").build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("alias 'prod-sandbox-copy', which does not match")
                .hasMessageContaining("(the whole alias must match)");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void blocked_alias_prod_is_refused() {
        proxy.accountAlias("prod");
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS, "prod")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.offendingValue())
                        .isEqualTo("prod"))
                .hasMessageContaining("[guard account-alias]")
                .hasMessageContaining("matches cloudtest.guard.blocked-account-alias=prod");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void blocked_alias_prod_does_not_block_nonprod_because_patterns_are_anchored() {
        proxy.accountAlias("nonprod-sandbox");
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS, "prod")
                .set(CloudTestConfig.GUARD_ACCOUNT_ALIAS, ".*sandbox.*")
                .build();

        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThat(run.session().accountId()).isEqualTo("123456789012");
        }
        assertThat(proxy.operations()).contains("ListAccountAliases");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void blocked_alias_pattern_with_alternatives_refuses_a_production_alias() {
        proxy.accountAlias("payments-prod");
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS, "prod|production|.*-prod")
                .set(CloudTestConfig.GUARD_ACCOUNT_ALIAS, ".*")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOf(GuardViolationException.class)
                .hasMessageContaining("alias 'payments-prod', which matches cloudtest.guard.blocked-account-alias");
        assertNothingMutatedAfterIdentifying();
    }

    // ---- marker -------------------------------------------------------------------------------------------

    @Test
    void missing_marker_parameter_is_refused_naming_the_parameter_and_the_property() {
        String marker = "/cloudtest/sandbox-" + Moto.config().build().runId();
        CloudTestConfig config =
                viaProxy().set(CloudTestConfig.GUARD_MARKER_PARAMETER, marker).build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                    assertThat(e.guard()).isEqualTo("marker");
                    assertThat(e.offendingValue()).isEqualTo(marker);
                })
                .hasMessageContaining("The sandbox marker parameter " + marker + " does not exist")
                .hasMessageContaining("cloudtest.guard.marker-parameter");
        assertThat(proxy.operations()).contains("GetParameter");
        assertNothingMutatedAfterIdentifying();
    }

    @Test
    void marker_parameter_set_to_false_is_refused() {
        proxy.stubJsonTarget(
                "AmazonSSM.GetParameter",
                200,
                "{\"Parameter\":{\"Name\":\"/cloudtest/sandbox\",\"Type\":\"String\",\"Value\":\"false\",\"Version\":1}}");
        CloudTestConfig config = viaProxy()
                .set(CloudTestConfig.GUARD_MARKER_PARAMETER, "/cloudtest/sandbox")
                .build();

        assertThatThrownBy(() -> CloudTestRun.start(config))
                .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.offendingValue())
                        .isEqualTo("/cloudtest/sandbox=false"))
                .hasMessageContaining("is 'false', not 'true'")
                .hasMessageContaining("cloudtest.guard.marker-parameter");
        assertNothingMutatedAfterIdentifying();
    }

    // ---- configuration ------------------------------------------------------------------------------------

    @Test
    void invalid_account_id_in_config_fails_before_any_request() {
        assertThatThrownBy(() -> viaProxy()
                        .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, "1234-5678-9012")
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid account id '1234-5678-9012'")
                .hasMessageContaining("cloudtest.guard.allowed-accounts");
        assertThat(proxy.calls()).isEmpty();
    }

    @Test
    void invalid_alias_regex_in_config_fails_before_any_request() {
        assertThatThrownBy(() -> viaProxy()
                        .set(CloudTestConfig.GUARD_BLOCKED_ACCOUNT_ALIAS, "prod(")
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Invalid regular expression in cloudtest.guard.blocked-account-alias=prod(");
        assertThat(proxy.calls()).isEmpty();
    }

    @Test
    void reserved_tag_prefix_in_user_tags_is_refused_in_any_case() {
        assertThatThrownBy(() -> StackSpec.builder()
                        .templateBody(QUEUE_TEMPLATE)
                        .tag("CloudTest:Expires-At", "2999-01-01T00:00:00Z")
                        .build())
                .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                    assertThat(e.guard()).isEqualTo("tags");
                    assertThat(e.offendingValue()).isEqualTo("CloudTest:Expires-At");
                })
                .hasMessageContaining("reserved prefix 'cloudtest:'");
        assertThat(proxy.calls()).isEmpty();
    }

    @Test
    void strict_names_refuses_a_hard_coded_bucket_name_before_creating_anything() {
        String bucket = "hardcoded-" + Moto.config().build().runId();
        StackSpec spec = StackSpec.builder()
                .templateBody("Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: "
                        + bucket + "\n")
                .build();
        CloudTestConfig config =
                viaProxy().set(CloudTestConfig.GUARD_STRICT_NAMES, "true").build();

        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(spec))
                    .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                        assertThat(e.guard()).isEqualTo("names");
                        assertThat(e.offendingValue()).isEqualTo("Data");
                    })
                    .hasMessageContaining("Data (AWS::S3::Bucket) BucketName=\"" + bucket + "\"")
                    .hasMessageContaining("cloudtest.guard.strict-names=false");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertThat(direct.session().client(S3Client.class).listBuckets().buckets())
                .noneMatch(b -> b.name().equals(bucket));
    }

    // ---- ownership ----------------------------------------------------------------------------------------

    @Test
    void stack_name_taken_by_an_untagged_stack_is_refused_and_that_stack_is_untouched() {
        CloudTestConfig config = viaProxy().build();
        String name = StackNames.first("ct", "queue", config.runId(), config.sessionId());
        String foreignId = createForeignStack(name, List.of());

        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("queue")
                            .templateBody(QUEUE_TEMPLATE)
                            .build()))
                    .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                        assertThat(e.guard()).isEqualTo("ownership");
                        assertThat(e.offendingValue()).isEqualTo(name);
                    })
                    .hasMessageContaining("A stack named " + name + " already exists (CREATE_COMPLETE)")
                    .hasMessageContaining("carries no cloudtest tags")
                    .hasMessageContaining("cloudtest.run-id or cloudtest.name-prefix");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertThat(proxy.operations()).doesNotContain("CreateStack", "DeleteStack");
        assertUntouched(foreignId);
    }

    @Test
    void stack_name_taken_by_another_runs_stack_is_refused_and_that_stack_is_untouched() {
        CloudTestConfig config = viaProxy().build();
        String name = StackNames.first("ct", "queue", config.runId(), config.sessionId());
        String foreignId = createForeignStack(
                name,
                List.of(Tag.builder()
                        .key("cloudtest:run-id")
                        .value("someone-else")
                        .build()));

        try (CloudTestRun run = CloudTestRun.start(config)) {
            assertThatThrownBy(() -> run.provision(StackSpec.builder()
                            .id("queue")
                            .templateBody(QUEUE_TEMPLATE)
                            .build()))
                    .isInstanceOf(GuardViolationException.class)
                    .hasMessageContaining("belongs to run 'someone-else'");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertUntouched(foreignId);
    }

    @Test
    void teardown_of_another_runs_stack_is_refused_and_the_stack_stays() {
        Stack other;
        String otherRunId;
        try (CloudTestRun otherRun = CloudTestRun.start(
                Moto.at(moto.endpoint()).set(CloudTestConfig.KEEP, "always").build())) {
            other = otherRun.provision(
                    StackSpec.builder().templateBody(QUEUE_TEMPLATE).build());
            otherRunId = otherRun.runId();
        }

        try (CloudTestRun run = CloudTestRun.start(viaProxy().build())) {
            assertThatThrownBy(() -> run.teardown(other))
                    .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                        assertThat(e.guard()).isEqualTo("ownership");
                        assertThat(e.offendingValue()).isEqualTo(other.name());
                    })
                    .hasMessageContaining("belongs to run '" + otherRunId + "'")
                    .hasMessageContaining("only tears down its own run's stacks");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertUntouched(other.stackId());
        deleteDirectly(other.stackId());
    }

    @Test
    void teardown_of_a_sibling_jvms_stack_of_the_same_run_is_refused_and_the_stack_stays() {
        // Two JVMs of one CI job: the same run id, their own sessions.
        CloudTestConfig first = Moto.at(moto.endpoint())
                .set(CloudTestConfig.KEEP, "always")
                .set(CloudTestConfig.SESSION, "fork1")
                .build();
        Stack sibling;
        try (CloudTestRun run = CloudTestRun.start(first)) {
            sibling = run.provision(
                    StackSpec.builder().templateBody(QUEUE_TEMPLATE).build());
        }

        try (CloudTestRun run = CloudTestRun.start(viaProxy()
                .set(CloudTestConfig.RUN_ID, first.runId())
                .set(CloudTestConfig.SESSION, "fork2")
                .build())) {
            assertThatThrownBy(() -> run.teardown(sibling))
                    .isInstanceOfSatisfying(GuardViolationException.class, e -> {
                        assertThat(e.guard()).isEqualTo("ownership");
                        assertThat(e.offendingValue()).isEqualTo(sibling.name());
                    })
                    .hasMessageContaining("belongs to session 'fork1' of run '" + first.runId() + "'")
                    .hasMessageContaining("not to this JVM's session 'fork2'");
        }
        assertThat(sibling.name()).endsWith("-" + first.runId() + "-fork1");
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertUntouched(sibling.stackId());
        deleteDirectly(sibling.stackId());
    }

    @Test
    void teardown_of_an_untagged_stack_is_refused_and_the_stack_stays() {
        String name = "foreign-" + Moto.config().build().runId();
        String foreignId = createForeignStack(name, List.of());
        Stack handle = new Stack(
                "queue", name, foreignId, Map.of(), Map.of(), Map.of(), Instant.now(), Instant.now(), direct.session());

        try (CloudTestRun run = CloudTestRun.start(viaProxy().build())) {
            assertThatThrownBy(() -> run.teardown(handle))
                    .isInstanceOf(GuardViolationException.class)
                    .hasMessageContaining("carries no cloudtest:run-id tag: cloudtest did not create it");
        }
        assertThat(proxy.mutatingCalls()).isEmpty();
        assertUntouched(foreignId);
        deleteDirectly(foreignId);
    }

    // ---- the journal itself --------------------------------------------------------------------------------

    @Test
    void control_a_normal_run_through_the_proxy_is_seen_as_mutating() {
        try (CloudTestRun run = CloudTestRun.start(viaProxy().build())) {
            Stack stack = run.provision(
                    StackSpec.builder().templateBody(QUEUE_TEMPLATE).build());
            run.session()
                    .client(S3Client.class)
                    .createBucket(r -> r.bucket(stack.name().toLowerCase(java.util.Locale.ROOT) + "-control"));
            run.session()
                    .client(S3Client.class)
                    .deleteBucket(r -> r.bucket(stack.name().toLowerCase(java.util.Locale.ROOT) + "-control"));
        }

        assertThat(proxy.mutatingCalls())
                .extracting(AwsCall::operation)
                .contains("CreateStack", "DeleteStack")
                .anySatisfy(op -> assertThat(op).startsWith("S3 PUT /ct-"))
                .anySatisfy(op -> assertThat(op).startsWith("S3 DELETE /ct-"));
        assertThat(proxy.calls())
                .filteredOn(c -> !c.mutating())
                .extracting(AwsCall::operation)
                .contains("GetCallerIdentity", "DescribeStacks");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private CloudTestConfig.Builder viaProxy() {
        return Moto.at(proxy.endpoint());
    }

    /** What CloudTestRun.start does for the aws target, with its clients pointed at the proxy instead of AWS. */
    private void guardAsAws(CloudTestConfig config) {
        try (ClientFactory clients = new ClientFactory(
                "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")),
                Optional.of(proxy.endpoint()),
                false)) {
            String account = clients.client(StsClient.class).getCallerIdentity().account();
            CloudSession session =
                    new CloudSession(TargetKind.AWS, "us-east-1", Optional.of(proxy.endpoint()), account, clients);
            TargetGuard.check(config, session);
        }
    }

    private void assertNothingMutatedAfterIdentifying() {
        assertThat(proxy.operations()).contains("GetCallerIdentity");
        assertThat(proxy.mutatingCalls()).isEmpty();
    }

    private static String createForeignStack(String name, List<Tag> tags) {
        return direct.session()
                .client(CloudFormationClient.class)
                .createStack(r -> r.stackName(name).templateBody(QUEUE_TEMPLATE).tags(tags))
                .stackId();
    }

    private static void assertUntouched(String stackId) {
        var stack = direct.session()
                .client(CloudFormationClient.class)
                .describeStacks(r -> r.stackName(stackId))
                .stacks()
                .get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
    }

    private static void deleteDirectly(String stackId) {
        direct.session().client(CloudFormationClient.class).deleteStack(r -> r.stackName(stackId));
    }
}
