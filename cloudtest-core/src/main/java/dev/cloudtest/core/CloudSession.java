package dev.cloudtest.core;

import dev.cloudtest.core.exception.ConfigurationException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkClient;

/**
 * A resolved target: where stacks go, as whom, and SDK v2 clients configured for it (endpoint override, region,
 * credentials, and for emulators path-style S3 with checksums only when required).
 *
 * <p>Clients returned by {@link #client(Class)} are cached and closed with the {@link CloudTestRun}; do not close
 * them yourself.
 */
public final class CloudSession {
    private final TargetKind kind;
    private final String region;
    private final Optional<URI> endpoint;
    private final String accountId;
    private final Clients clients;

    /** Used by cloudtest's targets; not for users. */
    public CloudSession(TargetKind kind, String region, Optional<URI> endpoint, String accountId, Clients clients) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    /** How a session makes its SDK clients; implemented by cloudtest's targets, not for users. */
    public interface Clients {
        /** A cached client of this type, configured for the target. */
        <T extends SdkClient> T client(Class<T> type);
    }

    /** The kind of target. */
    public TargetKind kind() {
        return kind;
    }

    /** The region stacks are provisioned in. */
    public String region() {
        return region;
    }

    /** The endpoint every client talks to, for emulator targets; empty for real AWS. */
    public Optional<URI> endpoint() {
        return endpoint;
    }

    /** The account id of the caller (STS {@code GetCallerIdentity}). */
    public String accountId() {
        return accountId;
    }

    /**
     * An SDK v2 client of the given type configured for this target, e.g. {@code client(SqsClient.class)}. Cached:
     * the same instance is returned for the same type; it is closed when the run ends.
     *
     * @throws ConfigurationException when the type is not an SDK v2 service client on the classpath
     */
    public <T extends SdkClient> T client(Class<T> type) {
        return clients.client(type);
    }

    /** Where a user can look at a stack: the console link on AWS, the endpoint for emulators. */
    public String consoleLink(String stackId) {
        if (endpoint.isPresent()) {
            return endpoint.get() + " (region " + region + ")";
        }
        return "https://" + region + ".console.aws.amazon.com/cloudformation/home?region=" + region
                + "#/stacks/stackinfo?stackId="
                + java.net.URLEncoder.encode(stackId, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return kind.configValue() + " target, account " + accountId + ", region " + region
                + endpoint.map(e -> ", endpoint " + e).orElse("");
    }
}
