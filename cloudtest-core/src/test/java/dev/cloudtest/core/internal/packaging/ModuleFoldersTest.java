package dev.cloudtest.core.internal.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleFoldersTest {
    @TempDir
    Path dir;

    @Test
    void a_maven_module_stands_for_its_built_jar_not_the_original_or_the_sources() throws Exception {
        Path module =
                Files.createDirectories(dir.resolve("OrdersFunction/target")).getParent();
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Files.writeString(module.resolve("target/orders-1.0.jar"), "shaded");
        Files.writeString(module.resolve("target/original-orders-1.0.jar"), "thin");
        Files.writeString(module.resolve("target/orders-1.0-sources.jar"), "src");

        assertThat(ModuleFolders.artifact("Orders", "CodeUri", module))
                .isEqualTo(module.resolve("target/orders-1.0.jar"));
    }

    @Test
    void a_gradle_module_prefers_its_shadow_jar() throws Exception {
        Path module = Files.createDirectories(dir.resolve("fn/build/libs"))
                .getParent()
                .getParent();
        Files.writeString(module.resolve("build.gradle.kts"), "");
        Files.writeString(module.resolve("build/libs/fn-1.0.jar"), "thin");
        Files.writeString(module.resolve("build/libs/fn-1.0-all.jar"), "fat");

        assertThat(ModuleFolders.artifact("Fn", "CodeUri", module))
                .isEqualTo(module.resolve("build/libs/fn-1.0-all.jar"));
    }

    @Test
    void a_module_without_a_built_jar_is_refused_saying_what_to_build() throws Exception {
        Path module = Files.createDirectories(dir.resolve("HelloFunction"));
        Files.writeString(module.resolve("pom.xml"), "<project/>");

        assertThatThrownBy(() -> ModuleFolders.artifact("Hello", "CodeUri", module))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Maven module")
                .hasMessageContaining("mvn -f " + module.resolve("pom.xml") + " package")
                .hasMessageContaining("point CodeUri at the function's jar");
    }

    @Test
    void several_candidate_jars_are_refused_naming_them() throws Exception {
        Path module = Files.createDirectories(dir.resolve("m/target")).getParent();
        Files.writeString(module.resolve("pom.xml"), "<project/>");
        Files.writeString(module.resolve("target/a.jar"), "a");
        Files.writeString(module.resolve("target/b.jar"), "b");

        assertThatThrownBy(() -> ModuleFolders.artifact("M", "CodeUri", module)).hasMessageContaining("[a.jar, b.jar]");
    }

    @Test
    void a_classes_directory_or_a_file_is_taken_as_it_is() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        Path jar = Files.writeString(dir.resolve("fn.jar"), "x");
        assertThat(ModuleFolders.artifact("F", "Code", classes)).isEqualTo(classes);
        assertThat(ModuleFolders.artifact("F", "Code", jar)).isEqualTo(jar);
    }
}
