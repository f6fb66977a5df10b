package dev.cloudtest.core.internal.naming;

/** Stack names: {@code <prefix>-<stack id>-<run id>}, within CloudFormation's 128 characters and character set. */
public final class StackNames {
    /** CloudFormation's limit on stack names. */
    public static final int MAX_LENGTH = 128;

    private StackNames() {}

    /**
     * The name for a stack. The run id (which makes it unique) is always kept whole; the stack id is shortened
     * when needed.
     */
    public static String name(String prefix, String specId, String runId) {
        String id =
                specId.replaceAll("[^a-zA-Z0-9-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        int room = MAX_LENGTH - prefix.length() - runId.length() - 2;
        if (id.length() > room) {
            id = id.substring(0, room).replaceAll("-+$", "");
        }
        return id.isEmpty() ? prefix + "-" + runId : prefix + "-" + id + "-" + runId;
    }

    /**
     * The name for a stack id's {@code n}-th stack within one run: the plain name for the first, {@code <id>-<n>} in
     * the middle for later ones.
     *
     * @param used how often each plain name was handed out in this run (updated)
     */
    public static String unique(String prefix, String specId, String runId, java.util.Map<String, Integer> used) {
        String base = name(prefix, specId, runId);
        int n = used.merge(base, 1, Integer::sum);
        return n == 1 ? base : name(prefix, specId + "-" + n, runId);
    }
}
