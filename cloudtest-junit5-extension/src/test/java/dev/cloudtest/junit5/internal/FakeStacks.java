package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.internal.target.ClientFactory;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** Stacks that exist only in memory, for unit tests of what is injected; their session never makes a call here. */
final class FakeStacks {
    private FakeStacks() {}

    static final CloudSession SESSION = new CloudSession(
            TargetKind.ENDPOINT,
            "eu-west-1",
            Optional.of(URI.create("http://127.0.0.1:1")),
            "123456789012",
            new ClientFactory(
                    "eu-west-1",
                    AnonymousCredentialsProvider.create(),
                    Optional.of(URI.create("http://127.0.0.1:1")),
                    true));

    static Stack stack(String id, Map<String, String> outputs, Map<String, String> physicalIds) {
        return new Stack(
                id,
                "ct-" + id + "-run1",
                "arn:aws:cloudformation:eu-west-1:123456789012:stack/ct-" + id + "-run1/1",
                outputs,
                physicalIds,
                Map.of(),
                Instant.EPOCH,
                Instant.EPOCH,
                SESSION);
    }
}
