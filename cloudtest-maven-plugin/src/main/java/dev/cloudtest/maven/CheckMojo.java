package dev.cloudtest.maven;

import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.CloudTestRun;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Checks, without creating anything, that cloudtest can use the configured target: resolves it (starting and
 * stopping the emulator when that is the target), identifies the account and runs every guard (account allow and
 * block lists, regions, account alias, SSM marker). Fails with the guard's message when one refuses, and with how
 * to get a target when none is usable.
 *
 * <p>Meant as a pre-flight in CI before a long build, e.g. {@code mvn cloudtest:check
 * -Dcloudtest.guard.allowed-accounts=111122223333}. Reads the same {@code cloudtest.*} properties as
 * {@code provision}.
 */
@Mojo(name = "check", threadSafe = true, requiresProject = true)
public class CheckMojo extends AbstractCloudTestMojo {

    @Override
    protected void run(MojoFailures failures) {
        // start() resolves the target and runs the guards; it makes no mutating call.
        try (CloudTestRun run = CloudTestRun.start(settings()
                .toConfig(
                        project.getBasedir().toPath(),
                        Path.of(project.getBuild().getDirectory())))) {
            CloudSession session = run.session();
            getLog().info("cloudtest: the target is usable and every guard accepts it: " + session + ".");
        }
    }
}
