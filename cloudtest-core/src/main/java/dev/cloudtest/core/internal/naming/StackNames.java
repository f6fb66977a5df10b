package dev.cloudtest.core.internal.naming;

/**
 * Stack names: {@code <prefix>-<stack id>-<run id>-<session>} for a run's own stacks, {@code <prefix>-<stack id>-<reuse
 * name>} for reuse stacks; within CloudFormation's 128 characters and character set.
 */
public final class StackNames {
    /** CloudFormation's limit on stack names. */
    public static final int MAX_LENGTH = 128;

    /**
     * How long a run's stack names are at most, unless the prefix, run id and session alone are longer: templates
     * derive physical names from the stack name ({@code !Sub '${AWS::StackName}-uploads'}), and the services' limits
     * are short (S3 buckets 63, Lambda functions and IAM roles 64). 40 leaves a suffix of 22 characters for a bucket
     * and 23 for a function; the stack id is shortened to fit, the run id and session never.
     */
    public static final int BUDGET = 40;

    private StackNames() {}

    /**
     * The name for a stack. The run id (which makes it unique) is always kept whole; the stack id is shortened
     * when needed.
     */
    public static String name(String prefix, String specId, String runId) {
        return name(prefix, specId, runId, MAX_LENGTH);
    }

    private static String name(String prefix, String specId, String runId, int maxLength) {
        String id = sanitized(specId);
        int room = maxLength - prefix.length() - runId.length() - 2;
        if (id.length() > room) {
            id = id.substring(0, Math.max(0, room)).replaceAll("-+$", "");
        }
        return id.isEmpty() ? prefix + "-" + runId : prefix + "-" + id + "-" + runId;
    }

    /**
     * The name of a run's first stack of a spec id: {@code <prefix>-<stack id>-<run id>-<session>} within {@link
     * #BUDGET}.
     */
    public static String first(String prefix, String specId, String runId, String session) {
        String tail = runId + "-" + session;
        return name(prefix, specId, tail, Math.max(BUDGET, prefix.length() + tail.length() + 1));
    }

    /**
     * The name for a stack id's {@code n}-th stack within one run: {@link #first} for the first, {@code <id>-<n>} in
     * the middle for later ones.
     *
     * @param used how often each first name was handed out in this run (updated)
     */
    public static String unique(
            String prefix, String specId, String runId, String session, java.util.Map<String, Integer> used) {
        String base = first(prefix, specId, runId, session);
        int n = used.merge(base, 1, Integer::sum);
        if (n == 1) {
            return base;
        }
        // <prefix>-<id>-<n>-<run id>-<session>: the number is kept whole, the stack id shortened to make room.
        String tail = "-" + n + "-" + runId + "-" + session;
        int max = Math.max(BUDGET, prefix.length() + tail.length() + 1);
        String id = sanitized(specId);
        int room = max - prefix.length() - tail.length() - 1;
        id = id.substring(0, Math.min(id.length(), Math.max(0, room))).replaceAll("-+$", "");
        return id.isEmpty() ? prefix + tail : prefix + "-" + id + tail;
    }

    private static String sanitized(String specId) {
        return specId.replaceAll("[^a-zA-Z0-9-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
    }

    /** The name in a stack id ({@code arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>}), or the name. */
    public static String fromStackId(String stackId) {
        String[] parts = stackId.split("/");
        return parts.length >= 2 ? parts[1] : stackId;
    }
}
