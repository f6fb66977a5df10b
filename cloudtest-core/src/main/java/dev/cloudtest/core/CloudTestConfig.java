package dev.cloudtest.core;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.Durations;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.journey.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * cloudtest's configuration: immutable, resolved once from (highest wins) explicit {@link Builder} calls, system
 * properties {@code cloudtest.*}, environment variables {@code CLOUDTEST_*}, and a {@code cloudtest.properties}
 * file (the project directory's, else the classpath's).
 *
 * <p>Every key is a {@link ConfigKey} constant of this class, documented next to it and in the README's table.
 * Unknown {@code cloudtest.*} keys are most likely typos: they are reported by {@link #unknownKeys()} and logged,
 * never silently ignored. Invalid values fail at {@link Builder#build()} with a {@link ConfigurationException} that
 * names the key, the value and its source.
 *
 * <pre>{@code
 * CloudTestConfig config = CloudTestConfig.builder()
 *         .set(CloudTestConfig.KEEP, "on-failure")
 *         .build();
 * }</pre>
 *
 * <p>Longer than core's 450-line guideline on purpose: every configuration key is declared here as a constant with its
 * documentation next to it (the README's table is checked against these), which is most of the file.
 */
public final class CloudTestConfig {

    /** The prefix of every key. */
    public static final String PREFIX = "cloudtest.";

    private static final List<ConfigKey> KEYS = new ArrayList<>();

    private static ConfigKey key(String name, String defaultValue, String description) {
        ConfigKey key = new ConfigKey(name, defaultValue, description);
        KEYS.add(key);
        return key;
    }

    // ---- target ---------------------------------------------------------------------------------------------

    /** Where stacks go: {@code aws | endpoint | emulator | container}. Unset: resolved safe-first (see README). */
    public static final ConfigKey TARGET = key(
            "cloudtest.target",
            "(resolved)",
            "Where stacks go: aws | endpoint | emulator | container. Unset: endpoint if cloudtest.endpoint is set, "
                    + "else aws if cloudtest.guard.allowed-accounts is set, else emulator.");

    /** URL of an AWS-compatible endpoint already running; setting it implies {@code target=endpoint}. */
    public static final ConfigKey ENDPOINT = key(
            "cloudtest.endpoint",
            "(none)",
            "URL of an AWS-compatible endpoint already running (moto, LocalStack, Floci); implies target=endpoint.");

    /** The region. For {@code aws}, the SDK's region chain when unset; {@code us-east-1} for emulators. */
    public static final ConfigKey REGION = key(
            "cloudtest.region",
            "SDK chain / us-east-1",
            "AWS region. aws target: the SDK's default region chain when unset; emulators: us-east-1.");

    /** A named profile of the shared AWS config/credentials files, for the {@code aws} target. */
    public static final ConfigKey PROFILE = key(
            "cloudtest.profile",
            "(SDK default chain)",
            "Named AWS profile (~/.aws/config) for the aws target; unset uses the SDK's default credential chain.");

    /** The command that starts moto server for the {@code emulator} target. */
    public static final ConfigKey EMULATOR_COMMAND = key(
            "cloudtest.emulator.command",
            "(search)",
            "Command that starts moto server for the emulator target (host and port are appended). Unset: a "
                    + ".venv-moto in the working directory or a parent, else the toolchain cache (installed on "
                    + "demand), else a moto_server on PATH of a supported version.");

    /** Where cloudtest installs its emulator toolchain and keeps lint results. */
    public static final ConfigKey TOOLCHAIN_CACHE = key(
            "cloudtest.toolchain.cache",
            "~/.cache/cloudtest",
            "Directory of the emulator toolchain (toolchain-<hash>, installed on first use from the lock file in "
                    + "cloudtest-core's jar) and of cached lint results. Unset: $XDG_CACHE_HOME/cloudtest, else "
                    + "~/.cache/cloudtest.");

    /** The Python that installs the toolchain. */
    public static final ConfigKey TOOLCHAIN_PYTHON = key(
            "cloudtest.toolchain.python",
            "python3",
            "Python 3.9+ (with its venv module) that creates the toolchain's environment; only used to install it.");

    /** How the fidelity check treats cfn-lint's findings on emulator targets. */
    public static final ConfigKey LINT = key(
            "cloudtest.lint",
            "error",
            "Fidelity check of templates on emulator targets, with cfn-lint before anything is created: error "
                    + "(errors refuse the stack, warnings are logged), warning (warnings refuse it too), or off.");

    /** The emulator image for the {@code container} target. */
    public static final ConfigKey CONTAINER_IMAGE = key(
            "cloudtest.container.image",
            "motoserver/moto:5.2.5",
            "Emulator image started through Testcontainers for the container target.");

    // ---- naming, ownership, lifetime ------------------------------------------------------------------------

    /** Identifies this run in stack names and the {@code cloudtest:run-id} tag. */
    public static final ConfigKey RUN_ID = key(
            "cloudtest.run-id",
            "(CI job id, else generated)",
            "Identifies this run in stack names and the cloudtest:run-id tag. Unset: the CI job id when one is "
                    + "found (GITHUB_RUN_ID, CI_JOB_ID, BUILD_TAG, ...), else a random id.");

    /** This JVM's identity within the run: the {@code cloudtest:session} tag and the end of every stack name. */
    public static final ConfigKey SESSION = key(
            "cloudtest.session",
            "(random per JVM)",
            "Identifies this JVM within the run: ends every stack name and is the cloudtest:session tag, so that JVMs "
                    + "sharing a run id (surefire forks, CI matrix jobs) get stacks of their own and never tear down "
                    + "each other's. 1-8 letters or digits.");

    /** Who owns the stacks: the {@code cloudtest:owner} tag. */
    public static final ConfigKey OWNER = key(
            "cloudtest.owner",
            "(user.name)",
            "Owner recorded in the cloudtest:owner tag; the sweeper can filter by it.");

    /** How long a stack may live before the sweeper may remove it. */
    public static final ConfigKey TTL = key(
            "cloudtest.ttl",
            "3h",
            "Lifetime of a stack: cloudtest:expires-at = created-at + ttl, after which the sweeper may delete it. "
                    + "Forms: 90s, 30m, 2h, 1h30m, 500ms or ISO-8601 (PT2H).");

    /** Whether stacks are kept after their tests: {@code never | on-failure | always}. */
    public static final ConfigKey KEEP = key(
            "cloudtest.keep",
            "never",
            "Keep stacks after the tests instead of tearing them down: never | on-failure | always. Kept stacks "
                    + "still expire after cloudtest.ttl.");

    /** The first part of every stack name. */
    public static final ConfigKey NAME_PREFIX = key(
            "cloudtest.name-prefix",
            "ct",
            "First part of every stack name (<prefix>-<stack id>-<run id>) and of probes' temporary queues and rules "
                    + "(<prefix>-probe-<run id>-...). Letters, digits and '-'.");

    /** IDE loop: keep the stacks under this name and reuse them on later runs while nothing changed. */
    public static final ConfigKey REUSE = key(
            "cloudtest.reuse",
            "(off)",
            "IDE loop: provision once as <prefix>-<stack id>-<reuse name>, keep it, and reuse it on later runs while "
                    + "the template and parameters hash the same (cloudtest:spec-hash tag); changed: update in place "
                    + "through a change set. Needs a target that outlives the JVM (endpoint or aws).");

    /** Deployment pipelines: run against an existing stack, never updated or deleted. */
    public static final ConfigKey ATTACH = key(
            "cloudtest.attach",
            "(off)",
            "Run the journeys against existing stacks, never updating or deleting them: a stack name (one stack), "
                    + "or <stack id>=<stack name>,... for several. Only probe resources are created (tagged, removed).");

    // ---- timing --------------------------------------------------------------------------------------------

    /** How long provisioning may take before it fails. */
    public static final ConfigKey PROVISION_TIMEOUT = key(
            "cloudtest.provision.timeout",
            "30m",
            "How long provisioning one stack may take before it fails (and the stack is torn down).");

    /** How long teardown may take (including retries) before what is left is reported. */
    public static final ConfigKey TEARDOWN_TIMEOUT = key(
            "cloudtest.teardown.timeout",
            "30m",
            "How long tearing down one stack may take, retries included, before what is left is reported.");

    /** How long one attempt of an AWS call may take before the SDK abandons it and retries. */
    public static final ConfigKey AWS_ATTEMPT_TIMEOUT = key(
            "cloudtest.aws.attempt-timeout",
            "60s",
            "How long one attempt of an AWS call (cloudtest's own and the clients it gives tests) may take before the "
                    + "SDK abandons it and retries with backoff (3 attempts in all); longer than SQS's 20 s long polls.");

    /** How long journey probes and {@link Eventually} wait by default. */
    public static final ConfigKey AWAIT_TIMEOUT = key(
            "cloudtest.await.timeout",
            "30s",
            "Default timeout of Eventually and of the journey probes' assertions (each call can override it).");

    // ---- reports -------------------------------------------------------------------------------------------

    /** Where run reports are written. */
    public static final ConfigKey REPORT_DIR = key(
            "cloudtest.report.dir",
            "target/cloudtest",
            "Directory for run reports (JSON and text); relative to the working directory.");

    /** Skip instead of failing when no target is usable. */
    public static final ConfigKey SKIP_WITHOUT_TARGET = key(
            "cloudtest.skip-without-target",
            "false",
            "When no target is usable (no credentials, endpoint down, no emulator): false fails the test class with "
                    + "the reason; true skips it, printing the reason. @CloudStack(skipWithoutTarget = true) skips "
                    + "one class.");

    /** Keys that no longer exist, with what to use instead. */
    private static final Map<String, String> RETIRED = Map.of(
            "cloudtest.require-target",
            "cloudtest.require-target was removed: without a usable target the tests now fail by default; set "
                    + "cloudtest.skip-without-target=true to skip them instead.",
            "cloudtest.failOnLeftovers",
            "cloudtest.failOnLeftovers was renamed cloudtest.fail-on-leftovers (one kebab-case naming for every key).");

    // ---- guards --------------------------------------------------------------------------------------------

    /** Sandbox account ids cloudtest may use; required for the {@code aws} target. */
    public static final ConfigKey GUARD_ALLOWED_ACCOUNTS = key(
            "cloudtest.guard.allowed-accounts",
            "(none: aws target refused)",
            "Comma-separated 12-digit sandbox account ids cloudtest may use. Required for the aws target; setting "
                    + "it also selects the aws target when cloudtest.target is unset.");

    /** Account ids cloudtest must never use; wins over the allow list. */
    public static final ConfigKey GUARD_BLOCKED_ACCOUNTS = key(
            "cloudtest.guard.blocked-accounts",
            "(none)",
            "Comma-separated account ids cloudtest must never use (production); always wins over the allow list.");

    /** Regions cloudtest may use. */
    public static final ConfigKey GUARD_ALLOWED_REGIONS = key(
            "cloudtest.guard.allowed-regions",
            "(any)",
            "Comma-separated regions cloudtest may use; unset allows any region.");

    /** An anchored regex the account alias must match. */
    public static final ConfigKey GUARD_ACCOUNT_ALIAS = key(
            "cloudtest.guard.account-alias",
            "(not checked)",
            "Regex the account alias (IAM ListAccountAliases) must match as a whole, e.g. sandbox-.*; an account "
                    + "without alias is refused when set.");

    /** An anchored regex the account alias must not match. */
    public static final ConfigKey GUARD_BLOCKED_ACCOUNT_ALIAS = key(
            "cloudtest.guard.blocked-account-alias",
            "(not checked)",
            "Regex the account alias must not match as a whole, e.g. prod|production|.*-prod.");

    /** An SSM parameter that must exist with value {@code true}. */
    public static final ConfigKey GUARD_MARKER_PARAMETER = key(
            "cloudtest.guard.marker-parameter",
            "(not checked)",
            "Name of an SSM parameter (e.g. /cloudtest/sandbox) that must exist with value true in the account "
                    + "and region, for account factories that do not set aliases.");

    /** Hard-coded physical names in templates are errors instead of warnings. */
    public static final ConfigKey GUARD_STRICT_NAMES = key(
            "cloudtest.guard.strict-names",
            "false",
            "Hard-coded physical names in templates (BucketName, TableName, QueueName...) not derived from the "
                    + "stack name or a parameter: false warns, true refuses to provision.");

    // ---- sweep ---------------------------------------------------------------------------------------------

    /** Whether {@link CloudTestRun#start} first removes expired leftovers of the same owner. */
    public static final ConfigKey SWEEP_ON_START = key(
            "cloudtest.sweep-on-start",
            "false",
            "When true, starting a run first deletes expired cloudtest resources (stacks, tagged queues and buckets "
                    + "whose cloudtest:expires-at has passed) of the owner cloudtest.sweep.owner, else of this run's "
                    + "cloudtest.owner; each deletion is logged. Never touches unexpired or untagged resources.");

    /** Only sweep resources of this owner. */
    public static final ConfigKey SWEEP_OWNER = key(
            "cloudtest.sweep.owner",
            "(any owner; sweep-on-start: cloudtest.owner)",
            "Only sweep resources whose cloudtest:owner tag is this value. Unset: the sweep goal considers every "
                    + "owner's expired resources; sweep-on-start only this run's cloudtest.owner.");

    /** Only sweep resources whose name starts with this prefix. */
    public static final ConfigKey SWEEP_NAME_PREFIX = key(
            "cloudtest.sweep.name-prefix",
            "(any)",
            "Only sweep stacks, queues and buckets whose name starts with this prefix, e.g. ct-.");

    /** Whether the sweep goal deletes what it finds, or only lists it. */
    public static final ConfigKey SWEEP_CONFIRM = key(
            "cloudtest.sweep.confirm",
            "false",
            "The sweep goal only lists expired resources (dry run) unless this is true; then it deletes them.");

    // ---- local functions ------------------------------------------------------------------------------------

    /** Whether the template's Java Lambda functions run locally in child JVMs: {@code auto | always | never}. */
    public static final ConfigKey LOCAL_FUNCTIONS = key(
            "cloudtest.local-functions",
            "auto",
            "Run the template's Java Lambda functions locally, each in a child JVM, polling their SQS event sources: "
                    + "auto does so on emulator targets (which cannot execute Lambda code), always (or *) also on AWS, "
                    + "never not at all; or a comma-separated list of logical ids runs just those, on any target.");

    /** Extra classpath entries for local functions, before the JVM's own. */
    public static final ConfigKey LOCAL_FUNCTIONS_CLASSPATH = key(
            "cloudtest.local-functions.classpath",
            "(none)",
            "Extra classpath entries (separated by the platform's path separator) for the local functions' JVMs, "
                    + "before the test JVM's classpath, wherever cloudtest.local-functions.test-classpath adds that. "
                    + "The Maven plugin sets it to the project's test classpath.");

    /** Whether a function or trigger that cannot be served locally fails provisioning. */
    public static final ConfigKey LOCAL_FUNCTIONS_STRICT = key(
            "cloudtest.local-functions.strict",
            "false",
            "What the start-up table of local functions marks 'not served' (a function of another runtime or a "
                    + "container image, a trigger cloudtest does not deliver locally): false logs it as a warning, true "
                    + "fails provisioning before anything is created.");

    /** Java installations local functions may run on, by their Runtime. */
    public static final ConfigKey LOCAL_FUNCTIONS_JDKS = key(
            "cloudtest.local-functions.jdks",
            "(found)",
            "Comma-separated JDK homes local functions may run on: each function runs on the Java its Runtime names "
                    + "(java21 on a Java 21), else on the nearest newer one with a caveat in the start-up table, else "
                    + "it is refused. Besides these: the test JVM, JAVA_HOME, JAVA_HOME_<N>_X64 / JAVA<N>_HOME "
                    + "variables, /usr/lib/jvm, ~/.sdkman and /Library/Java.");

    /** Lambda's first retry delay for failed asynchronous invocations, scaled for tests. */
    public static final ConfigKey LOCAL_FUNCTIONS_RETRY_DELAY = key(
            "cloudtest.local-functions.retry-delay",
            "1m",
            "Delay before a local function's failed asynchronous invocation (S3, SNS, EventBridge, schedules) is "
                    + "retried; doubled before the second retry, as Lambda's 1 and 2 minutes. Shorten it in tests, e.g. "
                    + "500ms.");

    /** When the test JVM's classpath joins a local function's. */
    public static final ConfigKey LOCAL_FUNCTIONS_TEST_CLASSPATH = key(
            "cloudtest.local-functions.test-classpath",
            "auto",
            "A local function runs on its package (the jar or zip its Code names, a module's built jar), its local "
                    + "layers' java/lib jars and cloudtest's host, as on Lambda. auto adds the test JVM's classpath (and "
                    + "cloudtest.local-functions.classpath) when the package is a classes directory or there is none; "
                    + "always adds it to every function; never to none.");

    /** Debug one local function: its JVM waits for the IDE on a JDWP port. */
    public static final ConfigKey DEBUG = key(
            "cloudtest.debug",
            "(off)",
            "Debug a local function: <logical id>[:port] starts its JVM with a JDWP agent on 127.0.0.1:port (default "
                    + "5005) and waits for the IDE to attach (remote JVM debug); its timeout is off meanwhile.");

    private static final Set<String> KNOWN_NAMES =
            KEYS.stream().map(ConfigKey::name).collect(Collectors.toUnmodifiableSet());

    private static final Pattern NAME_PREFIX_PATTERN = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,19}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private final Map<String, String> values;
    private final Map<String, String> sources;
    private final List<String> unknownKeys;
    private final TargetKind target;
    private final Optional<URI> endpoint;
    private final String runId;
    private final String session;
    private final String owner;
    private final Duration ttl;
    private final KeepPolicy keep;

    private CloudTestConfig(
            Map<String, String> values,
            Map<String, String> sources,
            List<String> unknownKeys,
            Map<String, String> environment) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.sources = Collections.unmodifiableMap(new TreeMap<>(sources));
        this.unknownKeys = List.copyOf(unknownKeys);
        this.endpoint = raw(ENDPOINT).map(v -> parseEndpoint(v));
        this.target = resolveTarget();
        // The builder's environment, not System.getenv(): the CI job id must come from the same source as the rest.
        this.runId = raw(RUN_ID)
                .map(v -> RunIds.validate(v, describe(RUN_ID)))
                .orElseGet(() -> RunIds.fromEnvironment(environment).orElseGet(RunIds::random));
        this.session = raw(SESSION)
                .map(v -> RunIds.validateSession(v, describe(SESSION)))
                .orElse(RunIds.JVM_SESSION);
        this.owner = RunIds.sanitizeOwner(raw(OWNER).orElseGet(() -> System.getProperty("user.name", "unknown")));
        this.ttl = duration(TTL, "3h");
        this.keep = parseKeep();
        validateRest();
    }

    /** A builder that reads the standard sources (system properties, environment, {@code cloudtest.properties}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration from the standard sources alone. */
    public static CloudTestConfig load() {
        return builder().build();
    }

    /** Every key cloudtest reads, in documentation order. */
    public static List<ConfigKey> keys() {
        return List.copyOf(KEYS);
    }

    /** A builder that starts from this configuration's explicit values (all sources folded in). */
    public Builder toBuilder() {
        Builder builder = new Builder().noStandardSources();
        values.forEach(builder::set);
        return builder;
    }

    /** The resolved target kind. */
    public TargetKind target() {
        return target;
    }

    /** The endpoint URL, when one is configured. */
    public Optional<URI> endpoint() {
        return endpoint;
    }

    /** The configured region, when one is set. */
    public Optional<String> region() {
        return raw(REGION);
    }

    /** This run's id (sanitised, at most 24 characters of {@code [a-z0-9-]}). */
    public String runId() {
        return runId;
    }

    /**
     * This JVM's session within the run ({@link #SESSION}): random per JVM unless configured. Stack names end with it,
     * and a run tears down only stacks of its own session.
     */
    public String sessionId() {
        return session;
    }

    /** The owner recorded on every stack. */
    public String owner() {
        return owner;
    }

    /** The lifetime of a stack before the sweeper may remove it. */
    public Duration ttl() {
        return ttl;
    }

    /** Whether stacks are kept after their tests. */
    public KeepPolicy keep() {
        return keep;
    }

    /** The first part of every stack name. */
    public String namePrefix() {
        return raw(NAME_PREFIX).orElse("ct");
    }

    /** How long provisioning one stack may take. */
    public Duration provisionTimeout() {
        return duration(PROVISION_TIMEOUT, "30m");
    }

    /** How long tearing down one stack may take. */
    public Duration teardownTimeout() {
        return duration(TEARDOWN_TIMEOUT, "30m");
    }

    /** How long one attempt of an AWS call may take. */
    public Duration awsAttemptTimeout() {
        return duration(AWS_ATTEMPT_TIMEOUT, "60s");
    }

    /** The default timeout of {@link Eventually} and probe assertions. */
    public Duration awaitTimeout() {
        return duration(AWAIT_TIMEOUT, "30s");
    }

    /** The delay before the first retry of a local function's failed asynchronous invocation. */
    public Duration localFunctionsRetryDelay() {
        return duration(LOCAL_FUNCTIONS_RETRY_DELAY, "1m");
    }

    /** Where run reports go. */
    public Path reportDirectory() {
        return Path.of(raw(REPORT_DIR).orElse("target/cloudtest"));
    }

    /**
     * Whether Java Lambda functions run locally on a target of the given kind ({@link #LOCAL_FUNCTIONS}).
     *
     * @param emulated whether the target is an emulator, which cannot execute Lambda code
     */
    public boolean localFunctions(boolean emulated) {
        return !localFunctionIds(emulated).equals(Optional.of(List.of()));
    }

    /**
     * Which Java functions run locally on a target of the given kind: empty means every Java function of the
     * template, otherwise exactly the listed logical ids (an empty list: none).
     */
    public Optional<List<String>> localFunctionIds(boolean emulated) {
        String value = raw(LOCAL_FUNCTIONS).orElse("auto").trim();
        switch (value.toLowerCase(Locale.ROOT)) {
            case "auto":
                return emulated ? Optional.empty() : Optional.of(List.of());
            case "always":
            case "*":
                return Optional.empty();
            case "never":
                return Optional.of(List.of());
            default:
                List<String> ids = list(LOCAL_FUNCTIONS);
                for (String id : ids) {
                    if (!id.matches("[A-Za-z0-9]+")) {
                        throw new ConfigurationException("Invalid " + describe(LOCAL_FUNCTIONS)
                                + ". Use one of: auto, always (or *), never, or logical ids of Java functions "
                                + "separated by commas (e.g. PlaceOrderFunction,FulfilOrderFunction).");
                    }
                }
                return Optional.of(ids);
        }
    }

    /** The local function to debug and its JDWP port ({@link #DEBUG}), when one is set. */
    public Optional<Map.Entry<String, Integer>> debugFunction() {
        return raw(DEBUG).map(value -> {
            java.util.regex.Matcher m =
                    Pattern.compile("([A-Za-z0-9]+)(?::(\\d{1,5}))?").matcher(value.trim());
            if (!m.matches() || (m.group(2) != null && Integer.parseInt(m.group(2)) > 65535)) {
                throw new ConfigurationException("Invalid " + describe(DEBUG)
                        + ". Use <logical id>[:port], e.g. PlaceOrderFunction or PlaceOrderFunction:5005.");
            }
            return Map.entry(m.group(1), m.group(2) == null ? 5005 : Integer.parseInt(m.group(2)));
        });
    }

    /** Whether a missing target skips tests ({@link #SKIP_WITHOUT_TARGET}) instead of failing them. */
    public boolean skipWithoutTarget() {
        return bool(SKIP_WITHOUT_TARGET, false);
    }

    /** For an unknown key that cloudtest once had: what to use instead. */
    public static Optional<String> retiredKeyHint(String key) {
        return Optional.ofNullable(RETIRED.get(key));
    }

    /** The value of a list key (comma-separated, trimmed, empty entries dropped); empty when unset. */
    public List<String> list(ConfigKey key) {
        return list(key, ",");
    }

    /** The value of a list key with another separator (trimmed, empty entries dropped); empty when unset. */
    public List<String> list(ConfigKey key, String separator) {
        return raw(key).map(v -> Arrays.stream(v.split(Pattern.quote(separator)))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /** The value of a boolean key. */
    public boolean bool(ConfigKey key, boolean defaultValue) {
        return raw(key).map(v -> parseBoolean(key, v)).orElse(defaultValue);
    }

    /** The raw value of a key, when any source sets it (blank values count as unset). */
    public Optional<String> raw(ConfigKey key) {
        return Optional.ofNullable(values.get(key.name()));
    }

    /** Where a key's value came from: {@code builder}, {@code system property}, {@code environment CLOUDTEST_X}, or the file. */
    public Optional<String> source(ConfigKey key) {
        return Optional.ofNullable(sources.get(key.name()));
    }

    /** {@code cloudtest.*} keys that some source set but cloudtest does not know: most likely typos. */
    public List<String> unknownKeys() {
        return unknownKeys;
    }

    /** Every value that is set, by key name (for reports; contains no secrets: cloudtest keys hold none). */
    public Map<String, String> values() {
        return values;
    }

    /** A short description of a key's value and its source, for error messages. */
    public String describe(ConfigKey key) {
        return key.name() + "=" + raw(key).orElse("(unset)")
                + source(key).map(s -> " (from " + s + ")").orElse("");
    }

    private TargetKind resolveTarget() {
        Optional<String> explicit = raw(TARGET);
        if (explicit.isPresent()) {
            String value = explicit.get().trim().toLowerCase(Locale.ROOT);
            for (TargetKind kind : TargetKind.values()) {
                if (kind.configValue().equals(value)) {
                    if (kind == TargetKind.ENDPOINT && endpoint.isEmpty()) {
                        throw new ConfigurationException(describe(TARGET)
                                + " needs an endpoint URL: set cloudtest.endpoint (e.g. http://127.0.0.1:5000).");
                    }
                    return kind;
                }
            }
            throw new ConfigurationException(
                    "Unknown target " + describe(TARGET) + ". Use one of: aws, endpoint, emulator, container.");
        }
        if (endpoint.isPresent()) {
            return TargetKind.ENDPOINT;
        }
        if (raw(GUARD_ALLOWED_ACCOUNTS).isPresent()) {
            return TargetKind.AWS;
        }
        return TargetKind.EMULATOR;
    }

    private URI parseEndpoint(String value) {
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new URISyntaxException(value, "expected http(s)://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException(
                    "Invalid endpoint " + describe(ENDPOINT) + ": expected a URL such as http://127.0.0.1:5000.");
        }
    }

    private KeepPolicy parseKeep() {
        String value = raw(KEEP).orElse("never").trim().toLowerCase(Locale.ROOT);
        for (KeepPolicy policy : KeepPolicy.values()) {
            if (policy.configValue().equals(value)) {
                return policy;
            }
        }
        throw new ConfigurationException("Invalid " + describe(KEEP) + ". Use one of: never, on-failure, always.");
    }

    private Duration duration(ConfigKey key, String defaultValue) {
        String value = raw(key).orElse(defaultValue);
        return Durations.parse(value)
                .filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> new ConfigurationException("Invalid duration " + describe(key)
                        + ". Use a positive duration such as 90s, 30m, 2h, 1h30m, 500ms or PT2H."));
    }

    private boolean parseBoolean(ConfigKey key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException("Invalid " + describe(key) + ". Use true or false.");
        };
    }

    private void validateRest() {
        if (!NAME_PREFIX_PATTERN.matcher(namePrefix()).matches()) {
            throw new ConfigurationException(
                    "Invalid " + describe(NAME_PREFIX) + ". Use 1-20 letters, digits or '-', starting with a letter.");
        }
        provisionTimeout();
        teardownTimeout();
        awsAttemptTimeout();
        awaitTimeout();
        skipWithoutTarget();
        localFunctions(false);
        debugFunction();
        localFunctionsRetryDelay();
        raw(LOCAL_FUNCTIONS_TEST_CLASSPATH).ifPresent(v -> {
            if (!List.of("auto", "always", "never").contains(v.trim().toLowerCase(Locale.ROOT))) {
                throw new ConfigurationException(
                        "Invalid " + describe(LOCAL_FUNCTIONS_TEST_CLASSPATH) + ". Use auto, always or never.");
            }
        });
        bool(LOCAL_FUNCTIONS_STRICT, false);
        bool(GUARD_STRICT_NAMES, false);
        bool(SWEEP_ON_START, false);
        bool(SWEEP_CONFIRM, false);
        for (ConfigKey key : List.of(GUARD_ALLOWED_ACCOUNTS, GUARD_BLOCKED_ACCOUNTS)) {
            for (String account : list(key)) {
                if (!ACCOUNT_ID.matcher(account).matches()) {
                    throw new ConfigurationException("Invalid account id '" + account + "' in " + describe(key)
                            + ". Account ids are 12 digits, comma-separated.");
                }
            }
        }
        for (ConfigKey key : List.of(GUARD_ACCOUNT_ALIAS, GUARD_BLOCKED_ACCOUNT_ALIAS)) {
            raw(key).ifPresent(regex -> {
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new ConfigurationException(
                            "Invalid regular expression in " + describe(key) + ": " + e.getDescription() + ".");
                }
            });
        }
    }

    @Override
    public String toString() {
        return "CloudTestConfig" + values;
    }

    /**
     * Builds a {@link CloudTestConfig}. Explicit {@link #set} calls win over every other source. The standard
     * sources can be replaced (for tests and embedding) with {@link #systemProperties}, {@link #environment} and
     * {@link #propertiesFile}.
     */
    public static final class Builder {
        private final Map<String, String> explicit = new LinkedHashMap<>();
        private Properties systemProperties = System.getProperties();
        private Map<String, String> environment = System.getenv();
        private Optional<Path> propertiesFile = Optional.of(Path.of("cloudtest.properties"));
        private boolean classpathFile = true;

        private Builder() {}

        private Builder noStandardSources() {
            systemProperties = new Properties();
            environment = Map.of();
            propertiesFile = Optional.empty();
            classpathFile = false;
            return this;
        }

        /** Sets a key explicitly; wins over every other source. A blank value unsets it. */
        public Builder set(ConfigKey key, String value) {
            return set(key.name(), value);
        }

        /** Sets a key by name explicitly (unknown {@code cloudtest.*} names are reported like any other source's). */
        public Builder set(String name, String value) {
            if (!name.startsWith(PREFIX)) {
                throw new ConfigurationException(
                        "'" + name + "' is not a cloudtest key: keys start with 'cloudtest.'.");
            }
            explicit.put(name, value);
            return this;
        }

        /** {@link #TARGET}: where stacks are provisioned. */
        public Builder target(TargetKind target) {
            return set(TARGET, target.configValue());
        }

        /** {@link #ENDPOINT}: an AWS-compatible endpoint that is already running (implies target {@code endpoint}). */
        public Builder endpoint(java.net.URI endpoint) {
            return set(ENDPOINT, endpoint.toString());
        }

        /** {@link #REGION}. */
        public Builder region(String region) {
            return set(REGION, region);
        }

        /** {@link #KEEP}: whether stacks are kept after their tests. */
        public Builder keep(KeepPolicy keep) {
            return set(KEEP, keep.configValue());
        }

        /** {@link #TTL}: how long after creation the sweeper may delete a stack this run leaves behind. */
        public Builder ttl(Duration ttl) {
            return set(TTL, duration(TTL, ttl));
        }

        /** {@link #AWAIT_TIMEOUT}: the default deadline of every wait (probes, {@code Eventually}). */
        public Builder awaitTimeout(Duration timeout) {
            return set(AWAIT_TIMEOUT, duration(AWAIT_TIMEOUT, timeout));
        }

        /** {@link #PROVISION_TIMEOUT}: how long one stack may take to create. */
        public Builder provisionTimeout(Duration timeout) {
            return set(PROVISION_TIMEOUT, duration(PROVISION_TIMEOUT, timeout));
        }

        /** {@link #TEARDOWN_TIMEOUT}: how long one stack may take to delete. */
        public Builder teardownTimeout(Duration timeout) {
            return set(TEARDOWN_TIMEOUT, duration(TEARDOWN_TIMEOUT, timeout));
        }

        /** {@link #SKIP_WITHOUT_TARGET}: skip (with the reason printed) instead of failing when no target is usable. */
        public Builder skipWithoutTarget(boolean skip) {
            return set(SKIP_WITHOUT_TARGET, Boolean.toString(skip));
        }

        private static String duration(ConfigKey key, Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new ConfigurationException(key.name() + " must be positive; got " + duration + ".");
            }
            return duration.toMillis() + "ms";
        }

        /** Sets several keys explicitly. */
        public Builder set(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        /** Applies a group of settings, e.g. a shared base configuration. */
        public Builder apply(Consumer<Builder> settings) {
            settings.accept(this);
            return this;
        }

        /** Replaces the system properties source (default: {@link System#getProperties()}). */
        public Builder systemProperties(Properties properties) {
            this.systemProperties = properties;
            return this;
        }

        /** Replaces the environment source (default: {@link System#getenv()}). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Reads this file instead of {@code ./cloudtest.properties}, and not the classpath's; empty reads no file. */
        public Builder propertiesFile(Optional<Path> file) {
            this.propertiesFile = file;
            this.classpathFile = false;
            return this;
        }

        /** Resolves the sources and validates every value. */
        public CloudTestConfig build() {
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> sources = new LinkedHashMap<>();
            Set<String> seen = new LinkedHashSet<>();
            // Lowest precedence first; later puts win.
            readFile(values, sources, seen);
            Map<String, String> byEnvName = new TreeMap<>();
            environment.forEach((k, v) -> {
                if (k.startsWith("CLOUDTEST_")) {
                    byEnvName.put(k, v);
                }
            });
            for (Map.Entry<String, String> e : byEnvName.entrySet()) {
                String name = KEYS.stream()
                        .filter(key -> key.environmentVariable().equals(e.getKey()))
                        .map(ConfigKey::name)
                        .findFirst()
                        .orElse(e.getKey());
                put(values, sources, seen, name, e.getValue(), "environment " + e.getKey());
            }
            for (String name : systemProperties.stringPropertyNames()) {
                if (name.startsWith(PREFIX)) {
                    put(values, sources, seen, name, systemProperties.getProperty(name), "system property");
                }
            }
            explicit.forEach((k, v) -> put(values, sources, seen, k, v, "builder"));
            List<String> unknown = seen.stream()
                    .filter(name -> !KNOWN_NAMES.contains(name))
                    .sorted()
                    .toList();
            for (String name : unknown) {
                values.remove(name);
            }
            return new CloudTestConfig(values, sources, unknown, environment);
        }

        private void readFile(Map<String, String> values, Map<String, String> sources, Set<String> seen) {
            Properties file = new Properties();
            String origin = null;
            try {
                if (propertiesFile.isPresent() && Files.isRegularFile(propertiesFile.get())) {
                    try (Reader reader = Files.newBufferedReader(propertiesFile.get())) {
                        file.load(reader);
                    }
                    origin = propertiesFile.get().toString();
                } else if (classpathFile) {
                    ClassLoader loader = Thread.currentThread().getContextClassLoader();
                    try (InputStream in = loader == null ? null : loader.getResourceAsStream("cloudtest.properties")) {
                        if (in != null) {
                            file.load(in);
                            origin = "classpath:cloudtest.properties";
                        }
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigurationException(
                        "Cannot read " + propertiesFile.map(Path::toString).orElse("cloudtest.properties") + ": "
                                + e.getMessage() + ". Fix or remove the file.",
                        e);
            }
            if (origin != null) {
                for (String name : file.stringPropertyNames()) {
                    put(values, sources, seen, name, file.getProperty(name), origin);
                }
            }
        }

        private static void put(
                Map<String, String> values,
                Map<String, String> sources,
                Set<String> seen,
                String name,
                String value,
                String source) {
            if (!name.startsWith(PREFIX) && !name.startsWith("CLOUDTEST_")) {
                return;
            }
            seen.add(name);
            if (value == null || value.isBlank()) {
                values.remove(name);
                sources.remove(name);
            } else {
                values.put(name, value.trim());
                sources.put(name, source);
            }
        }
    }
}
