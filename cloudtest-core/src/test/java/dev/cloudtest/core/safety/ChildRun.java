package dev.cloudtest.core.safety;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The main class of the child JVMs the crash, cancel, credentials and secrets tests start. It prints one
 * {@code KEY value} line per fact for the parent to read, and never talks to anything but the endpoint it is given.
 *
 * <ul>
 *   <li>{@code provision <endpoint> <run id> <owner> <ttl>}: provisions a bucket (with an object) and a queue, prints
 *       {@code STACK}, {@code STACK_ID}, {@code BUCKET}, {@code QUEUE}, then {@code READY}, and waits (at most two
 *       minutes) to be killed or terminated.
 *   <li>{@code provision-and-tear-down <endpoint> <run id>}: the same stack, then tears it down (to be terminated
 *       in the middle of that).
 *   <li>{@code zero-setup-functions <run id>}: on the emulator cloudtest starts itself, provisions a stack with two
 *       local Java functions, prints {@code STACK} and {@code READY}, and waits like {@code provision}.
 *   <li>{@code await-default}: prints {@code AWAIT} and the deadline {@code Eventually.await(..)} has by default.
 *   <li>{@code provision-template <endpoint> <run id> <owner> <ttl> <template file>}: the same with that template.
 *   <li>{@code aws-without-credentials}: starts a run on the aws target and prints how it failed and how long it took.
 *   <li>{@code secrets <endpoint> <report dir> <secret>}: a full run with a NoEcho parameter, and a failing one.
 *   <li>{@code fresh-machine <toolchain cache> [python]}: the zero-setup default as a new user meets it (run in a
 *       directory with no {@code .venv-moto} above it): provisions a queue on the emulator target, sends and receives
 *       a message, prints {@code PASSED}; or {@code FAILED <message>}.
 * </ul>
 */
public final class ChildRun {
    static final String BUCKET_AND_QUEUE = "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  Work:\n"
            + "    Type: AWS::SQS::Queue\nOutputs:\n  BucketName: {Value: !Ref Data}\n  QueueUrl: {Value: !Ref Work}\n";

    static final String SECRET_TEMPLATE = "Parameters:\n  ApiSecret: {Type: String, NoEcho: true}\nResources:\n"
            + "  Secret:\n    Type: AWS::SSM::Parameter\n    Properties:\n"
            + "      Name: !Sub '/${AWS::StackName}/api-secret'\n      Type: String\n      Value: !Ref ApiSecret\n";

    /** Uses the secret where the target rejects it with a message that quotes the value ("Value '...' at 'type'"). */
    static final String SECRET_FAILING_TEMPLATE = "Parameters:\n  ApiSecret: {Type: String, NoEcho: true}\n"
            + "Resources:\n  Secret:\n    Type: AWS::SSM::Parameter\n    Properties:\n"
            + "      Name: !Sub '/${AWS::StackName}/typed'\n      Type: !Ref ApiSecret\n      Value: v\n";

    private ChildRun() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "provision" -> provision(args[1], args[2], args[3], args[4]);
            case "provision-and-tear-down" -> provisionAndTearDown(args[1], args[2]);
            case "zero-setup-functions" -> zeroSetupFunctions(args[1]);
            case "await-default" ->
                System.out.println("AWAIT "
                        + dev.cloudtest.core.journey.Eventually.await("x").timeout());
            case "provision-template" -> provisionTemplate(args[1], args[2], args[3], args[4], args[5]);
            case "aws-without-credentials" -> awsWithoutCredentials();
            case "secrets" -> secrets(args[1], args[2], args[3]);
            case "fork" -> fork(args[1]);
            case "console" -> console(args[1]);
            case "fresh-machine" -> freshMachine(args[1], args.length > 2 ? args[2] : null);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void provision(String endpoint, String runId, String owner, String ttl) throws Exception {
        CloudTestRun run = CloudTestRun.start(config().set(CloudTestConfig.ENDPOINT, endpoint)
                .set(CloudTestConfig.RUN_ID, runId)
                .set(CloudTestConfig.OWNER, owner)
                .set(CloudTestConfig.TTL, ttl)
                .build());
        Stack stack = run.provision(
                StackSpec.builder().id("crash").templateBody(BUCKET_AND_QUEUE).build());
        run.session()
                .client(S3Client.class)
                .putObject(r -> r.bucket(stack.output("BucketName")).key("left.txt"), RequestBody.fromString("x"));
        System.out.println("STACK " + stack.name());
        System.out.println("STACK_ID " + stack.stackId());
        System.out.println("EXPIRES_AT " + stack.expiresAt());
        System.out.println("BUCKET " + stack.output("BucketName"));
        System.out.println("QUEUE " + stack.output("QueueUrl"));
        System.out.println("READY");
        System.out.flush();
        // Never closed: the run ends by SIGKILL (nothing runs) or SIGTERM (the shutdown hook runs).
        Thread.sleep(120_000);
        System.out.println("NOT KILLED");
        System.exit(3);
    }

    /** Provisions the bucket and queue, puts an object, prints {@code READY}, tears down, prints {@code TORN_DOWN}. */
    private static void provisionAndTearDown(String endpoint, String runId) throws Exception {
        CloudTestRun run = CloudTestRun.start(config().set(CloudTestConfig.ENDPOINT, endpoint)
                .set(CloudTestConfig.RUN_ID, runId)
                .build());
        Stack stack = run.provision(
                StackSpec.builder().id("cancel").templateBody(BUCKET_AND_QUEUE).build());
        run.session()
                .client(S3Client.class)
                .putObject(r -> r.bucket(stack.output("BucketName")).key("left.txt"), RequestBody.fromString("x"));
        System.out.println("STACK " + stack.name());
        System.out.println("STACK_ID " + stack.stackId());
        System.out.println("BUCKET " + stack.output("BucketName"));
        System.out.println("READY");
        System.out.flush();
        // Not closed: the run is to end by SIGTERM in the middle of this teardown.
        run.teardown(stack);
        System.out.println("TORN_DOWN");
        Thread.sleep(120_000);
        System.exit(3);
    }

    /** The zero-setup default with local functions: every process of the run is a descendant of this JVM. */
    private static void zeroSetupFunctions(String runId) throws Exception {
        CloudTestRun run =
                CloudTestRun.start(config().set(CloudTestConfig.RUN_ID, runId).build());
        Stack stack = run.provision(StackSpec.builder()
                .id("processes")
                .templateResource("stacks/local-function-small.yaml")
                .build());
        run.localFunction(stack, "Order").invoke("{\"orderId\": \"o-1\", \"quantity\": 1, \"unitPriceCents\": 1}");
        System.out.println("STACK " + stack.name());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
        System.out.println("NOT KILLED");
        System.exit(3);
    }

    /** Provisions the template file and holds it, like {@code provision}; prints the stack and its expiry. */
    private static void provisionTemplate(String endpoint, String runId, String owner, String ttl, String template)
            throws Exception {
        CloudTestRun run = CloudTestRun.start(config().set(CloudTestConfig.ENDPOINT, endpoint)
                .set(CloudTestConfig.RUN_ID, runId)
                .set(CloudTestConfig.OWNER, owner)
                .set(CloudTestConfig.TTL, ttl)
                .build());
        Stack stack = run.provision(StackSpec.builder()
                .id("held")
                .template(java.nio.file.Path.of(template))
                .build());
        System.out.println("STACK " + stack.name());
        System.out.println("STACK_ID " + stack.stackId());
        System.out.println("EXPIRES_AT " + stack.expiresAt());
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
        System.out.println("NOT KILLED");
        System.exit(3);
    }

    /**
     * One test JVM of a CI job (surefire fork, matrix job): the run id comes from the CI variables in the
     * environment, as a user's would; provisions the same spec as its siblings, holds it while they do too, tears down.
     */
    private static void fork(String endpoint) throws Exception {
        CloudTestConfig config = CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(System.getenv())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.ENDPOINT, endpoint)
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-it")
                .build();
        try (CloudTestRun run = CloudTestRun.start(config)) {
            System.out.println("RUN_ID " + run.runId());
            Stack stack = run.provision(StackSpec.builder()
                    .id("orders")
                    .templateBody("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n")
                    .build());
            System.out.println("STACK " + stack.name());
            System.out.flush();
            Thread.sleep(1500); // hold the stack while the sibling forks provision theirs
            System.out.println("CLEAN " + run.teardown(stack).isClean());
        } catch (RuntimeException e) {
            System.out.println("EXCEPTION " + e.getClass().getSimpleName() + ": "
                    + e.getMessage().replace('\n', ' '));
        }
        System.out.println("DONE");
    }

    /** A whole run, for a JVM without an SLF4J provider: what it shows on the console is the test's subject. */
    private static void console(String endpoint) {
        try (CloudTestRun run = CloudTestRun.start(config().set(CloudTestConfig.ENDPOINT, endpoint)
                .set("cloudtest.typo-key", "x")
                .build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("console")
                    .templateBody("Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n")
                    .build());
            System.out.println("STACK " + stack.name());
        }
        System.out.println("DONE");
    }

    private static void awsWithoutCredentials() {
        long started = System.nanoTime();
        try {
            CloudTestRun.start(config().set(CloudTestConfig.TARGET, "aws")
                            .set(CloudTestConfig.REGION, "us-east-1")
                            .set(CloudTestConfig.GUARD_ALLOWED_ACCOUNTS, "111111111111")
                            .build())
                    .close();
            System.out.println("EXCEPTION none");
        } catch (RuntimeException e) {
            System.out.println("EXCEPTION " + e.getClass().getName());
            System.out.println("MESSAGE " + e.getMessage().replace('\n', ' '));
        }
        System.out.println("MILLIS " + (System.nanoTime() - started) / 1_000_000);
    }

    private static void secrets(String endpoint, String reportDir, String secret) {
        StackSpec good = StackSpec.builder()
                .id("secret")
                .templateBody(SECRET_TEMPLATE)
                .parameter("ApiSecret", secret)
                .build();
        StackSpec failing = StackSpec.builder()
                .id("secret-fails")
                .templateBody(SECRET_FAILING_TEMPLATE)
                .parameter("ApiSecret", secret)
                .build();
        System.out.println("SPEC " + good);
        try (CloudTestRun run = CloudTestRun.start(config().set(CloudTestConfig.ENDPOINT, endpoint)
                .set(CloudTestConfig.REPORT_DIR, reportDir)
                .build())) {
            Stack stack = run.provision(good);
            System.out.println("STACK " + stack);
            System.out.println("TEARDOWN " + run.teardown(stack));
            try {
                run.provision(failing);
                System.out.println("FAILED_AS_EXPECTED no");
            } catch (ProvisioningFailedException e) {
                System.out.println("FAILED_AS_EXPECTED yes");
                System.out.println("EXCEPTION " + e.getMessage().replace('\n', ' '));
                System.out.println("DIAGNOSIS " + e.diagnosis().replace('\n', ' '));
                e.printStackTrace(System.out);
                for (Throwable suppressed : e.getSuppressed()) {
                    System.out.println("SUPPRESSED " + suppressed.getMessage().replace('\n', ' '));
                }
            }
            System.out.println("REPORT " + run.report().toJson().replace('\n', ' '));
        }
        System.out.println("DONE");
    }

    private static void freshMachine(String cache, String python) {
        CloudTestConfig.Builder config =
                config().set(CloudTestConfig.TARGET, "emulator").set(CloudTestConfig.TOOLCHAIN_CACHE, cache);
        if (python != null) {
            config.set(CloudTestConfig.TOOLCHAIN_PYTHON, python);
        }
        try (CloudTestRun run = CloudTestRun.start(config.build())) {
            Stack stack = run.provision(StackSpec.builder()
                    .id("fresh")
                    .templateBody("Resources:\n  Work:\n    Type: AWS::SQS::Queue\n"
                            + "Outputs:\n  QueueUrl: {Value: !Ref Work}\n")
                    .build());
            software.amazon.awssdk.services.sqs.SqsClient sqs =
                    run.session().client(software.amazon.awssdk.services.sqs.SqsClient.class);
            sqs.sendMessage(r -> r.queueUrl(stack.output("QueueUrl")).messageBody("hello"));
            String body = sqs.receiveMessage(
                            r -> r.queueUrl(stack.output("QueueUrl")).waitTimeSeconds(5))
                    .messages()
                    .get(0)
                    .body();
            System.out.println("RECEIVED " + body);
            System.out.println("PASSED");
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage().replace('\n', ' '));
        }
        System.out.flush();
    }

    private static CloudTestConfig.Builder config() {
        return CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.RUN_ID, "child-" + dev.cloudtest.core.internal.naming.RunIds.random())
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-it");
    }
}
