package dev.cloudtest.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The baselines: what a user writes by hand with the AWS SDK for Java v2, against the same endpoint as cloudtest,
 * with the SDK's defaults (its own HTTP client, its own retry policy, the waiters' built-in delays).
 */
final class HandWritten implements AutoCloseable {
    static final String REGION = "us-east-1";
    private static final Duration TIGHT_POLL = Duration.ofMillis(10);

    private final SdkHttpClient http =
            ApacheHttpClient.builder().maxConnections(64).build();
    private final CloudFormationClient cfn;
    private final S3Client s3;
    private final SqsClient sqs;

    HandWritten(URI endpoint) {
        this.cfn = configure(CloudFormationClient.builder(), endpoint).build();
        // Emulators need path-style buckets; moto wants checksums only where S3 requires them (as cloudtest sets).
        this.s3 = configure(S3Client.builder(), endpoint)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        this.sqs = configure(SqsClient.builder(), endpoint).build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.region(Region.of(REGION))
                .endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")));
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    CloudFormationClient cloudFormation() {
        return cfn;
    }

    S3Client s3() {
        return s3;
    }

    SqsClient sqs() {
        return sqs;
    }

    /**
     * The hand-written receive loop a user would write (the baseline of scenarios 5 and 8): long-poll the queue,
     * delete what arrived, until a message whose body matches is seen.
     */
    Message receiveUntil(String queueUrl, java.util.function.Predicate<String> body, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            Message found = null;
            for (Message message : messages) {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                if (body.test(message.body())) {
                    found = message;
                }
            }
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no matching message arrived on " + queueUrl + " within " + timeout);
    }

    /** (a) CreateStack, then the SDK's {@code waitUntilStackCreateComplete}. Returns the stack id. */
    String createWithWaiter(String name, String template) {
        String id = createStack(name, template);
        cfn.waiter().waitUntilStackCreateComplete(r -> r.stackName(id));
        return id;
    }

    /** (b) The ideal poller: CreateStack, then DescribeStacks every 10 ms until CREATE_COMPLETE. */
    String createWithTightPoll(String name, String template) {
        String id = createStack(name, template);
        pollUntil(id, StackStatus.CREATE_COMPLETE, StackStatus.CREATE_IN_PROGRESS);
        return id;
    }

    String createStack(String name, String template) {
        return cfn.createStack(r -> r.stackName(name).templateBody(template)).stackId();
    }

    /** (a) DeleteStack, then the SDK's {@code waitUntilStackDeleteComplete}. */
    void deleteWithWaiter(String stackId) {
        cfn.deleteStack(r -> r.stackName(stackId));
        cfn.waiter().waitUntilStackDeleteComplete(r -> r.stackName(stackId));
    }

    /** (b) DeleteStack, then DescribeStacks every 10 ms until DELETE_COMPLETE (or gone). */
    void deleteWithTightPoll(String stackId) {
        cfn.deleteStack(r -> r.stackName(stackId));
        pollUntil(stackId, StackStatus.DELETE_COMPLETE, StackStatus.DELETE_IN_PROGRESS);
    }

    /** Deletes without waiting: cleanup outside any measurement. */
    void deleteQuietly(String stackId) {
        try {
            cfn.deleteStack(r -> r.stackName(stackId));
        } catch (CloudFormationException e) {
            // gone already
        }
    }

    private void pollUntil(String stackId, StackStatus done, StackStatus inProgress) {
        while (true) {
            StackStatus status = status(stackId);
            if (status == done) {
                return;
            }
            if (status != inProgress) {
                throw new IllegalStateException("stack " + stackId + " ended " + status + ", expected " + done);
            }
            sleep(TIGHT_POLL);
        }
    }

    private StackStatus status(String stackId) {
        try {
            List<Stack> stacks = cfn.describeStacks(r -> r.stackName(stackId)).stacks();
            return stacks.isEmpty()
                    ? StackStatus.DELETE_COMPLETE
                    : stacks.get(0).stackStatus();
        } catch (CloudFormationException e) {
            if (String.valueOf(e.getMessage()).contains("does not exist")) {
                return StackStatus.DELETE_COMPLETE;
            }
            throw e;
        }
    }

    /**
     * The hand-written way to empty a versioned bucket: list up to 1 000 versions and delete markers, delete them in
     * one DeleteObjects call, and list again until nothing is left.
     *
     * @return how many versions and markers were deleted
     */
    int emptyBucket(String bucket) {
        int deleted = 0;
        while (true) {
            ListObjectVersionsResponse page =
                    s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(1000));
            List<ObjectIdentifier> ids = new ArrayList<>();
            page.versions()
                    .forEach(v -> ids.add(ObjectIdentifier.builder()
                            .key(v.key())
                            .versionId(v.versionId())
                            .build()));
            page.deleteMarkers()
                    .forEach(m -> ids.add(ObjectIdentifier.builder()
                            .key(m.key())
                            .versionId(m.versionId())
                            .build()));
            if (ids.isEmpty()) {
                return deleted;
            }
            s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
            deleted += ids.size();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        cfn.close();
        s3.close();
        sqs.close();
        http.close();
    }
}
