package dev.cloudtest.core.internal.target;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.toolchain.ToolHelper;
import dev.cloudtest.core.internal.toolchain.Toolchains;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;

/** Resolves {@code cloudtest.target} into a {@link CloudSession}, starting an emulator when that is the target. */
public final class ResolvedTarget implements AutoCloseable {
    private static final Logger LOG = Loggers.get(ResolvedTarget.class);
    /** Emulators never see real credentials. */
    private static final AwsCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final CloudSession session;
    private final ClientFactory clients;
    private final List<AutoCloseable> resources;

    private ResolvedTarget(CloudSession session, ClientFactory clients, List<AutoCloseable> resources) {
        this.session = session;
        this.clients = clients;
        this.resources = resources;
    }

    /** The factory behind the session's clients, for clients with special settings. */
    public ClientFactory clients() {
        return clients;
    }

    /** The log of the emulator cloudtest started for this target, if it started one. */
    public java.util.Optional<EmulatorLog> emulatorLog() {
        return resources.stream()
                .filter(EmulatorProcess.class::isInstance)
                .map(r -> new EmulatorLog(((EmulatorProcess) r).log()))
                .findFirst();
    }

    /** Where the emulator cloudtest started for this target sends its calls to itself, if it started one. */
    public Optional<EmulatorCallbacks> emulatorCallbacks() {
        return resources.stream()
                .filter(EmulatorProcess.class::isInstance)
                .map(r -> ((EmulatorProcess) r).callbacks())
                .findFirst();
    }

    /** The session for the resolved target. */
    public CloudSession session() {
        return session;
    }

    /**
     * Resolves the target and identifies the caller (a read-only STS call).
     *
     * @throws TargetUnavailableException when nothing answers or no credentials are found
     * @throws GuardViolationException when the caller's identity cannot be established
     */
    public static ResolvedTarget resolve(CloudTestConfig config) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            TargetKind kind = config.target();
            String region;
            Optional<URI> endpoint;
            AwsCredentialsProvider credentials;
            switch (kind) {
                case AWS -> {
                    credentials = config.raw(CloudTestConfig.PROFILE)
                            .<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
                            .orElseGet(
                                    () -> DefaultCredentialsProvider.builder().build());
                    region = config.region().orElseGet(ResolvedTarget::regionFromChain);
                    endpoint = Optional.empty();
                }
                case ENDPOINT -> {
                    credentials = EMULATOR_CREDENTIALS;
                    region = config.region().orElse("us-east-1");
                    endpoint = config.endpoint();
                }
                case EMULATOR -> {
                    Toolchains.MotoCommand moto = Toolchains.motoServer(
                            config, config.raw(CloudTestConfig.EMULATOR_COMMAND).map(EmulatorProcess::split));
                    // The template tools' helper starts beside the emulator, so that its imports overlap moto's start.
                    ToolHelper.warmUpFor(config);
                    EmulatorProcess emulator = EmulatorProcess.start(moto, config.reportDirectory());
                    resources.add(emulator);
                    credentials = EMULATOR_CREDENTIALS;
                    region = config.region().orElse("us-east-1");
                    endpoint = Optional.of(emulator.endpoint());
                }
                case CONTAINER -> {
                    ContainerEmulator container = ContainerEmulator.start(
                            config.raw(CloudTestConfig.CONTAINER_IMAGE).orElse("motoserver/moto:5.2.5"));
                    resources.add(container);
                    credentials = EMULATOR_CREDENTIALS;
                    region = config.region().orElse("us-east-1");
                    endpoint = Optional.of(container.endpoint());
                }
                default -> throw new IllegalStateException(kind.toString());
            }
            ClientFactory clients =
                    new ClientFactory(region, credentials, endpoint, kind.isEmulated(), config.awsAttemptTimeout());
            resources.add(0, clients);
            String account = identify(kind, clients, endpoint, config);
            CloudSession session = new CloudSession(kind, region, endpoint, account, clients);
            LOG.info("cloudtest: {}", session);
            return new ResolvedTarget(session, clients, resources);
        } catch (RuntimeException e) {
            closeAll(resources, e);
            throw e;
        }
    }

    private static String regionFromChain() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new TargetUnavailableException(
                    "No AWS region configured for the aws target. Set cloudtest.region "
                            + "(or AWS_REGION, or a region in your AWS profile).",
                    e);
        }
    }

    private static String identify(
            TargetKind kind, ClientFactory clients, Optional<URI> endpoint, CloudTestConfig config) {
        try {
            return clients.client(StsClient.class).getCallerIdentity().account();
        } catch (SdkServiceException e) {
            throw new GuardViolationException(
                    "account",
                    "unknown",
                    "Cannot establish which account this is: STS GetCallerIdentity failed with HTTP "
                            + e.statusCode() + " (" + firstLine(e.getMessage()) + "). cloudtest refuses to touch an "
                            + "account it cannot identify. Check the credentials' permissions (sts:GetCallerIdentity).");
        } catch (SdkClientException e) {
            if (kind == TargetKind.AWS) {
                throw new TargetUnavailableException(
                        "No usable AWS credentials for the aws target: "
                                + firstLine(e.getMessage())
                                + " Configure credentials (AWS_PROFILE / cloudtest.profile, SSO, "
                                + "environment) or choose an emulator target (unset cloudtest.guard.allowed-accounts and "
                                + "cloudtest.target).",
                        e);
            }
            String where = endpoint.map(URI::toString).orElse("?");
            String hint = kind == TargetKind.ENDPOINT
                    ? " Start the emulator there, or fix " + config.describe(CloudTestConfig.ENDPOINT) + "."
                    : "";
            throw new TargetUnavailableException(
                    "The endpoint " + where + " does not answer: " + firstLine(e.getMessage()) + hint, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void closeAll(List<AutoCloseable> resources, Throwable primary) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                primary.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new ConfigurationException("Closing the target failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
