package dev.cloudtest.core;

import java.util.Objects;

/**
 * One documented {@code cloudtest.*} configuration key: its name, the default that applies when no source sets
 * it, and what it means. Every key cloudtest reads is a constant in {@link CloudTestConfig}; the README's
 * configuration table is checked against {@link CloudTestConfig#keys()}.
 *
 * @param name the system property name, e.g. {@code cloudtest.target}; the environment variable is derived from
 *     it ({@link #environmentVariable()})
 * @param defaultValue the default, described for humans (e.g. {@code "2h"} or {@code "(none)"})
 * @param description what the key does
 */
public record ConfigKey(String name, String defaultValue, String description) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        if (!name.startsWith(CloudTestConfig.PREFIX)) {
            throw new IllegalArgumentException("configuration keys start with 'cloudtest.': " + name);
        }
    }

    /** The environment variable that sets this key: {@code cloudtest.guard.allowed-accounts} → {@code CLOUDTEST_GUARD_ALLOWED_ACCOUNTS}. */
    public String environmentVariable() {
        return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return name;
    }
}
