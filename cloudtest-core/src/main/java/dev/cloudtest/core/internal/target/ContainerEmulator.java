package dev.cloudtest.core.internal.target;

import dev.cloudtest.core.exception.TargetUnavailableException;
import dev.cloudtest.core.internal.Loggers;
import java.net.URI;
import org.slf4j.Logger;

/**
 * An emulator image started through Testcontainers (the {@code container} target). Testcontainers is an optional
 * dependency: it is only loaded here. Ports: moto listens on 5000, LocalStack and Floci on 4566.
 */
final class ContainerEmulator implements AutoCloseable {
    private static final Logger LOG = Loggers.get(ContainerEmulator.class);

    private final AutoCloseable container;
    private final URI endpoint;

    private ContainerEmulator(AutoCloseable container, URI endpoint) {
        this.container = container;
        this.endpoint = endpoint;
    }

    URI endpoint() {
        return endpoint;
    }

    static ContainerEmulator start(String image) {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
        } catch (ClassNotFoundException e) {
            throw new TargetUnavailableException(
                    "The container target needs Testcontainers on the test classpath: "
                            + "add org.testcontainers:testcontainers, or choose the emulator target (cloudtest.target=emulator).");
        }
        return Docker.start(image);
    }

    /** Kept apart so that Testcontainers classes load only when the dependency is present. */
    private static final class Docker {
        static ContainerEmulator start(String image) {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                throw new TargetUnavailableException("The container target needs Docker, and no Docker engine answers "
                        + "here. Start Docker, or choose the emulator target (cloudtest.target=emulator).");
            }
            int port = image.contains("localstack") || image.contains("floci") ? 4566 : 5000;
            @SuppressWarnings("resource")
            org.testcontainers.containers.GenericContainer<?> container =
                    new org.testcontainers.containers.GenericContainer<>(image).withExposedPorts(port);
            container.start();
            URI endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(port));
            LOG.info("cloudtest: started container {} at {}", image, endpoint);
            return new ContainerEmulator(container, endpoint);
        }
    }

    @Override
    public void close() {
        try {
            container.close();
        } catch (Exception e) {
            LOG.warn("cloudtest: could not stop the emulator container: {}", e.getMessage());
        }
    }
}
