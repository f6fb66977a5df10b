package dev.cloudtest.core.internal.hook;

import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.template.Template;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated stack that is not created yet: the spec, its template's stages, and everything CreateStack needs.
 *
 * @param spec what the user asked for
 * @param name the stack name
 * @param templates the template at each stage
 * @param tags the stack's tags, cloudtest's ownership tags included
 * @param capabilities the capabilities CreateStack is given
 * @param warnings what preparing found worth saying but not refusing (e.g. hard-coded names), one line each
 */
public record PreparedStack(
        StackSpec spec,
        String name,
        TemplateStages templates,
        Map<String, String> tags,
        Set<String> capabilities,
        List<String> warnings) {

    public PreparedStack {
        tags = Map.copyOf(tags);
        capabilities = Set.copyOf(capabilities);
        warnings = List.copyOf(warnings);
    }

    /** The expanded template: what should exist, and what local code runs. */
    public Template template() {
        return templates.expanded();
    }

    /** A short hash of what defines the stack ({@link StackSpec#fingerprint()}). */
    public String hash() {
        return spec.fingerprint();
    }

    /** The directory the template's relative paths are resolved against. */
    public Path baseDirectory() {
        return spec.baseDirectory();
    }

    /** The parameter values as given, completed with the template's defaults. */
    public Map<String, String> parametersWithDefaults() {
        Map<String, String> values = new LinkedHashMap<>();
        template().parameters().values().forEach(p -> p.defaultValue().ifPresent(v -> values.put(p.name(), v)));
        values.putAll(spec.parameters());
        return values;
    }

    /** The same, with more tags. */
    public PreparedStack withTags(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.putAll(extra);
        return withAllTags(all);
    }

    /** The same, with exactly these tags. */
    public PreparedStack withAllTags(Map<String, String> all) {
        return new PreparedStack(spec, name, templates, all, capabilities, warnings);
    }

    /** The same, with a new expanded stage (not packaged yet). */
    public PreparedStack withExpanded(Template expanded) {
        return new PreparedStack(
                spec, name, new TemplateStages(templates.written(), expanded, expanded), tags, capabilities, warnings);
    }

    /** The same, with the packaged stage of the template. */
    public PreparedStack withPackaged(Template packaged) {
        return new PreparedStack(spec, name, templates.withPackaged(packaged), tags, capabilities, warnings);
    }
}
