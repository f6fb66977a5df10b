package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the code's: every {@link ConfigKey} with its default and meaning, and nothing
 * else. On a mismatch the expected table is written to {@code target/readme-config-table.md} to paste in.
 */
class ReadmeConfigurationTableTest {
    private static final String START = "<!-- config-table:start -->";
    private static final String END = "<!-- config-table:end -->";

    @Test
    void readme_lists_every_configuration_key_with_its_default_and_meaning() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String actual = readme.substring(readme.indexOf(START) + START.length(), readme.indexOf(END))
                .strip();
        String expected = table();
        Path dump = Path.of("target", "readme-config-table.md");
        Files.createDirectories(dump.getParent());
        Files.writeString(dump, expected + "\n", StandardCharsets.UTF_8);

        assertThat(actual)
                .as("README.md's configuration table is out of date; replace it with %s", dump.toAbsolutePath())
                .isEqualTo(expected);
    }

    @Test
    void every_key_is_documented_once_in_the_readme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        for (ConfigKey key : CloudTestConfig.keys()) {
            assertThat(readme.split("\\| `" + java.util.regex.Pattern.quote(key.name()) + "` \\|", -1))
                    .as("rows for %s", key.name())
                    .hasSize(2);
        }
    }

    static String table() {
        return "| key | environment variable | default | meaning |\n|---|---|---|---|\n"
                + CloudTestConfig.keys().stream()
                        .map(k -> "| `" + k.name() + "` | `" + k.environmentVariable() + "` | "
                                + escape(k.defaultValue()) + " | " + escape(k.description()) + " |")
                        .collect(Collectors.joining("\n"));
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
