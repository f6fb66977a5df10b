package dev.cloudtest.junit5.internal;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.ConfigKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Builds the {@link CloudTestConfig} for a test class: every known {@code cloudtest.*} key that the JUnit
 * configuration parameters set (launcher request, system properties, {@code junit-platform.properties}) is applied as
 * an explicit setting, then the programmatic settings of a registered {@code CloudTestExtension}, which win. Keys no
 * JUnit parameter sets come from cloudtest's own sources (environment, {@code cloudtest.properties}).
 */
public final class RunConfiguration {
    private RunConfiguration() {}

    /**
     * The configuration.
     *
     * @param junitParameters looks a configuration parameter up, e.g. {@code context::getConfigurationParameter}
     * @param programmatic settings from {@code CloudTestExtension.builder().config(...)}
     * @throws dev.cloudtest.core.exception.ConfigurationException naming the key, value and source of an invalid value
     */
    public static CloudTestConfig build(
            Function<String, Optional<String>> junitParameters, List<Consumer<CloudTestConfig.Builder>> programmatic) {
        CloudTestConfig.Builder builder = CloudTestConfig.builder();
        for (ConfigKey key : CloudTestConfig.keys()) {
            junitParameters.apply(key.name()).ifPresent(value -> builder.set(key, value));
        }
        programmatic.forEach(builder::apply);
        return builder.build();
    }
}
