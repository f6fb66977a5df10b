package dev.cloudtest.core.internal.target;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.exception.ConfigurationException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Creates SDK v2 clients for one target: any service client type, by its static {@code builder()}. One shared
 * HTTP client; clients are cached per type and closed together.
 */
public final class ClientFactory implements CloudSession.Clients, AutoCloseable {
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final boolean emulated;
    private final SdkHttpClient http;
    private final Duration attemptTimeout;
    private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();
    /** Service endpoints that differ from the target's (the Lambda invoke router), by client type. */
    private final Map<Class<?>, URI> routes = new ConcurrentHashMap<>();
    /** Clients replaced by a route, closed with the factory. */
    private final java.util.List<SdkClient> replaced = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ClientFactory(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint, boolean emulated) {
        this(region, credentials, endpoint, emulated, Duration.ofSeconds(60));
    }

    /**
     * @param attemptTimeout how long one attempt of a call may take before the SDK retries it
     *     ({@code cloudtest.aws.attempt-timeout})
     */
    public ClientFactory(
            String region,
            AwsCredentialsProvider credentials,
            Optional<URI> endpoint,
            boolean emulated,
            Duration attemptTimeout) {
        this.attemptTimeout = attemptTimeout;
        this.region = Region.of(region);
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.emulated = emulated;
        if (emulated) {
            disableCbor();
        }
        this.http = ApacheHttpClient.builder()
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(70))
                .build();
    }

    /** A cached client of the given type. */
    public <T extends SdkClient> T client(Class<T> type) {
        return type.cast(clients.computeIfAbsent(type, this::create));
    }

    /**
     * Routes this service's clients through another endpoint from now on (cloudtest's Lambda invoke router): the
     * cached client is replaced; one already handed out keeps the target's endpoint.
     */
    public void route(Class<? extends SdkClient> type, URI endpoint) {
        routes.put(type, endpoint);
        SdkClient old = clients.remove(type);
        if (old != null) {
            replaced.add(old);
        }
    }

    /**
     * A new client of the given type that the caller owns and closes, with its own override settings (a retry
     * strategy, a call timeout) applied on top of the factory's.
     */
    public <T extends SdkClient> T newClient(
            Class<T> type, java.util.function.Consumer<ClientOverrideConfiguration.Builder> override) {
        AwsClientBuilder<?, ?> builder = builderFor(type);
        configure(builder, type, override);
        return type.cast(builder.build());
    }

    private SdkClient create(Class<?> type) {
        AwsClientBuilder<?, ?> builder = builderFor(type);
        configure(builder, type, o -> {});
        return (SdkClient) builder.build();
    }

    private static AwsClientBuilder<?, ?> builderFor(Class<?> type) {
        if (!type.isInterface()) {
            throw new ConfigurationException(
                    type.getName() + " is not an AWS SDK v2 service client interface (such as S3Client or SqsClient).");
        }
        try {
            Object builder = type.getMethod("builder").invoke(null);
            if (builder instanceof AwsClientBuilder<?, ?> awsBuilder) {
                return awsBuilder;
            }
        } catch (NoSuchMethodException | IllegalAccessException e) {
            // fall through to the error below
        } catch (InvocationTargetException e) {
            throw new ConfigurationException(
                    "Cannot create " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
        }
        throw new ConfigurationException(type.getName()
                + " is not an AWS SDK v2 service client (it has no static builder()). Use a client interface such as "
                + "S3Client, SqsClient or DynamoDbClient, with the service's SDK module on the test classpath.");
    }

    /**
     * Emulators speak the JSON protocol only, but the SDK sends Kinesis (and other CBOR services) binary CBOR by
     * default, which moto answers with HTTP 500: on an emulator target the SDK's own switch ({@code aws.cborEnabled},
     * also {@code AWS_CBOR_DISABLED}) is turned off for this JVM — the test's clients included — unless set already.
     * Local functions get {@code AWS_CBOR_DISABLED=true}.
     */
    private static void disableCbor() {
        if (System.getProperty("aws.cborEnabled") == null && System.getenv("AWS_CBOR_DISABLED") == null) {
            System.setProperty("aws.cborEnabled", "false");
        }
    }

    /** Whether this factory's clients talk to an emulator. */
    public boolean emulated() {
        return emulated;
    }

    private void configure(
            AwsClientBuilder<?, ?> builder,
            Class<?> type,
            java.util.function.Consumer<ClientOverrideConfiguration.Builder> extra) {
        builder.region(region).credentialsProvider(credentials);
        Optional.ofNullable(routes.get(type)).or(() -> endpoint).ifPresent(builder::endpointOverride);
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofMinutes(2).plus(attemptTimeout.multipliedBy(3)))
                .apiCallAttemptTimeout(attemptTimeout);
        override.addExecutionInterceptor(new OperationNamedErrors());
        if (emulated && builder instanceof software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder) {
            override.addExecutionInterceptor(new EmulatorLogTimestamps());
        }
        if (emulated && builder instanceof software.amazon.awssdk.services.sfn.SfnClientBuilder) {
            override.addExecutionInterceptor(new EmulatorExecutionNames());
        }
        extra.accept(override);
        builder.overrideConfiguration(override.build());
        if (emulated) {
            // Emulators serve buckets on one host (path-style) and moto stored aws-chunked bodies literally when the
            // SDK added checksums it did not ask for.
            if (builder instanceof S3ClientBuilder s3) {
                s3.forcePathStyle(true)
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            }
        }
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        List<SdkClient> all = new ArrayList<>(clients.values());
        all.addAll(replaced);
        for (SdkClient client : all) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        clients.clear();
        http.close();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
