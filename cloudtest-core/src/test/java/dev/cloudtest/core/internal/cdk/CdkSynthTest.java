package dev.cloudtest.core.internal.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthesis process around a CDK app, with stand-in apps (main classes of this test) instead of aws-cdk-lib: the
 * real synthesis is covered by the CDK example and the plugin's cdk-app-handover project. Needs Node.js on the PATH, as
 * every synthesis does.
 */
class CdkSynthTest {
    @TempDir
    Path root;

    private static final List<String> CLASSPATH =
            List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));

    /** Writes an (empty) cloud assembly where CDK_OUTDIR says, as app.synth() does. */
    public static final class WritesAssembly {
        public static void main(String[] args) throws Exception {
            Files.writeString(Path.of(System.getenv("CDK_OUTDIR"), "manifest.json"), "{\"artifacts\": {}}");
        }
    }

    /** Writes an assembly only when its asset, named relative to where it runs, is there: as Code.fromAsset reads it. */
    public static final class ReadsAssetRelativeToItsDirectory {
        public static void main(String[] args) throws Exception {
            if (!Files.isRegularFile(Path.of("target", "function.jar"))) {
                System.out.println("Error: Cannot find asset at "
                        + Path.of("target", "function.jar").toAbsolutePath());
                System.exit(1);
            }
            Files.writeString(Path.of(System.getenv("CDK_OUTDIR"), "manifest.json"), "{\"artifacts\": {}}");
        }
    }

    /**
     * Fails as aws-cdk-lib 2.263 does when an asset's bundling cannot start Docker: jsii's Node.js banner, the error,
     * the Java frames and the construct tree, then a last line of its own, so the cause is not among the last lines.
     */
    public static final class BundlesWithoutDocker {
        public static void main(String[] args) {
            System.out.println("!!  Node 20 is end-of-life and not supported anymore by this software.  !!");
            System.out.println("Exception in thread \"main\" software.amazon.jsii.JsiiError: Failed to bundle asset "
                    + "OrdersStack/Fn/Code/Stage, bundle output is located at /tmp/asset.abc-building: Error: "
                    + "spawnSync docker ENOENT");
            System.out.println("    ...aws-cdk-lib, jsii runtime...");
            for (int i = 0; i < 20; i++) {
                System.out.println("\tat software.amazon.jsii.JsiiRuntime.frame" + i + "(JsiiRuntime.java:" + i + ")");
            }
            System.out.println("Relates to construct:");
            for (int i = 0; i < 15; i++) {
                System.out.println("    " + " ".repeat(i) + "└─ Construct" + i);
            }
            System.out.println("Bundling asset OrdersStack/Fn/Code/Stage...");
            System.exit(1);
        }
    }

    @Test
    void each_jvm_synthesises_into_a_directory_of_its_own_and_removes_those_of_ended_jvms() throws Exception {
        String app = WritesAssembly.class.getName();
        Path ended = Files.createDirectories(root.resolve(app).resolve("2147483646"));
        Files.writeString(root.resolve(app).resolve("2147483646.synth.log"), "old");
        Path notAPid = Files.createDirectories(root.resolve(app).resolve("keep-me"));

        Path assembly = CdkSynth.assembly(app, CLASSPATH, root, root);

        assertThat(assembly)
                .isEqualTo(root.resolve(app)
                        .resolve(String.valueOf(ProcessHandle.current().pid())));
        assertThat(assembly.resolve("manifest.json")).exists();
        assertThat(ended).doesNotExist();
        assertThat(root.resolve(app).resolve("2147483646.synth.log")).doesNotExist();
        assertThat(notAPid).exists();
        assertThat(CdkSynth.assembly(app, CLASSPATH, root, root)).isSameAs(assembly);
        assertThat(CdkSynth.takeSynthMillis()).isPositive();
        assertThat(CdkSynth.takeSynthMillis()).isZero();
    }

    @Test
    void the_app_runs_in_the_project_directory_so_relative_asset_paths_resolve_there() throws Exception {
        Path project = Files.createDirectories(root.resolve("module"));
        Files.createDirectories(project.resolve("target"));
        Files.writeString(project.resolve("target/function.jar"), "jar");

        Path assembly = CdkSynth.assembly(
                ReadsAssetRelativeToItsDirectory.class.getName(), CLASSPATH, root.resolve("out"), project);

        assertThat(assembly.resolve("manifest.json")).exists();
    }

    @Test
    void an_asset_that_needs_docker_to_bundle_is_refused_saying_what_to_do() {
        assertThatThrownBy(() -> CdkSynth.assembly(BundlesWithoutDocker.class.getName(), CLASSPATH, root, root))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs Docker to synthesise")
                .hasMessageContaining("Nothing was created")
                .hasMessageContaining("Code.fromAsset")
                .hasMessageContaining("Failed to bundle asset OrdersStack/Fn/Code/Stage")
                .hasMessageContaining("spawnSync docker ENOENT")
                .hasMessageNotContaining("JsiiRuntime.frame")
                .hasMessageNotContaining("end-of-life");
    }

    @Test
    void a_missing_or_old_node_is_refused_saying_what_to_install() throws Exception {
        assertThatThrownBy(() -> CdkSynth.checkNode(root.resolve("no-node").toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("there is no node on the PATH")
                .hasMessageContaining("Install Node.js 18 or later")
                .hasMessageContaining("Nothing was created");
        Path old = root.resolve("old-node");
        Files.writeString(old, "#!/bin/sh\necho v16.20.2\n");
        assertThat(old.toFile().setExecutable(true)).isTrue();
        assertThatThrownBy(() -> CdkSynth.checkNode(old.toString()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs Node.js 18 or later")
                .hasMessageContaining("node on the PATH is v16.20.2");
        Path current = root.resolve("node");
        Files.writeString(current, "#!/bin/sh\necho v20.20.2\n");
        assertThat(current.toFile().setExecutable(true)).isTrue();
        CdkSynth.checkNode(current.toString());
    }

    @Test
    void another_failure_shows_the_app_output() {
        assertThatThrownBy(() -> CdkSynth.assembly("no.such.App", CLASSPATH, root, root))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("failed to synthesise")
                .hasMessageContaining("no.such.App");
    }
}
