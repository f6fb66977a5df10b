package dev.cloudtest.maven;

import dev.cloudtest.core.CloudTestConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code cloudtest.*} settings a Maven build gives: the project's {@code <properties>}, overridden by user
 * properties ({@code -Dcloudtest.x=...}), each remembered with where it came from so that error messages can say
 * which line of the build to change.
 *
 * <p>Properties this plugin exports itself ({@code cloudtest.<stackId>.output.<Key>}, {@code
 * cloudtest.<stackId>.stack-name}) and the plugin's own switches ({@code cloudtest.skip}, ...) are not core
 * configuration and are left out.
 */
final class BuildSettings {

    /** A setting and where it came from, e.g. {@code -Dcloudtest.region} or {@code <properties> of the pom}. */
    record Setting(String name, String value, String origin) {}

    /** Properties that configure this plugin's goals, not core. */
    static final Set<String> PLUGIN_SWITCHES = Set.of("cloudtest.skip", "cloudtest.fail-on-leftovers");

    private final Map<String, Setting> settings;

    private BuildSettings(Map<String, Setting> settings) {
        this.settings = Collections.unmodifiableMap(settings);
    }

    /**
     * Collects the settings.
     *
     * @param projectProperties the project's properties (the pom's {@code <properties>}, inherited ones included)
     * @param userProperties the session's user properties ({@code -D} on the command line)
     */
    static BuildSettings from(Properties projectProperties, Properties userProperties) {
        return from(Map.of(), projectProperties, userProperties);
    }

    /**
     * Collects the settings, the goal's typed parameters among them: {@code -Dcloudtest.x} wins over the parameter
     * in the plugin's {@code <configuration>}, which wins over {@code <cloudtest.x>} in the pom's {@code <properties>}.
     *
     * @param parameters values of the goal's typed parameters by their parameter name ({@code keep}), keyed by the
     *     {@code cloudtest.*} key they stand for
     */
    static BuildSettings from(
            Map<String, Map.Entry<String, String>> parameters,
            Properties projectProperties,
            Properties userProperties) {
        Map<String, Setting> settings = new TreeMap<>();
        for (String name : projectProperties.stringPropertyNames()) {
            if (isCoreKey(name)) {
                settings.put(
                        name,
                        new Setting(
                                name, projectProperties.getProperty(name), "<" + name + "> in the pom's <properties>"));
            }
        }
        parameters.forEach((key, parameter) -> {
            if (parameter.getValue() != null) {
                settings.put(
                        key,
                        new Setting(
                                key,
                                parameter.getValue(),
                                "<" + parameter.getKey() + "> in the plugin's <configuration>"));
            }
        });
        for (String name : userProperties.stringPropertyNames()) {
            if (isCoreKey(name)) {
                settings.put(name, new Setting(name, userProperties.getProperty(name), "-D" + name));
            }
        }
        return new BuildSettings(settings);
    }

    /** Settings by name. */
    Map<String, Setting> settings() {
        return settings;
    }

    /**
     * The configuration of a run for a project: these settings win over system properties, {@code CLOUDTEST_*}
     * environment variables and the project's {@code cloudtest.properties}; run reports go to
     * {@code <build directory>/cloudtest} unless {@code cloudtest.report.dir} is set (the working directory of a
     * multi-module build is not the project's).
     *
     * @throws dev.cloudtest.core.exception.ConfigurationException for an invalid value
     */
    CloudTestConfig toConfig(Path basedir, Path buildDirectory) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(
                CloudTestConfig.REPORT_DIR.name(),
                buildDirectory.resolve("cloudtest").toString());
        for (Setting setting : settings.values()) {
            // A blank value unsets a key in core; for the report directory, that means the project's default.
            if (!(setting.name().equals(CloudTestConfig.REPORT_DIR.name())
                    && setting.value().isBlank())) {
                values.put(setting.name(), setting.value());
            }
        }
        return CloudTestConfig.builder()
                .propertiesFile(Optional.of(basedir.resolve("cloudtest.properties")))
                .set(values)
                .build();
    }

    /**
     * Says where the settings a message mentions come from in this build, e.g. {@code "cloudtest.region is set by
     * -Dcloudtest.region."}; empty when the message names none of them.
     */
    String originsMentionedIn(String message) {
        StringBuilder text = new StringBuilder();
        for (Setting setting : settings.values()) {
            if (message != null && message.contains(setting.name())) {
                text.append(text.length() == 0 ? "" : " ")
                        .append(setting.name())
                        .append(" is set by ")
                        .append(setting.origin())
                        .append('.');
            }
        }
        return text.toString();
    }

    private static boolean isCoreKey(String name) {
        return name.startsWith(CloudTestConfig.PREFIX)
                && !PLUGIN_SWITCHES.contains(name)
                && !StackExport.isExported(name);
    }
}
