package dev.cloudtest.core.internal.moto.fill;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a template's resources cloudtest creates itself, and when: before CreateStack those that other resources
 * read (their own properties must then read nothing of the stack), after it the others — in an order where what a
 * filled resource reads is created first — and which outputs are resolved after the stack.
 */
final class FillPlan {
    private FillPlan() {}

    /** The template's filled resources in creation order, and the outputs resolved after the stack. */
    record Plan(
            List<Template.Resource> before,
            List<Template.Resource> after,
            List<String> lateOutputs,
            Map<String, List<String>> readers) {
        java.util.Set<String> ids() {
            java.util.Set<String> ids = new java.util.HashSet<>();
            all().forEach(r -> ids.add(r.logicalId()));
            return ids;
        }

        List<Template.Resource> all() {
            List<Template.Resource> all = new ArrayList<>(before);
            all.addAll(after);
            return all;
        }
    }

    static Plan of(Template template, Map<String, Filler> byType) {
        Map<String, Template.Resource> filled = new LinkedHashMap<>();
        template.resources().values().stream()
                .filter(r ->
                        byType.containsKey(r.type()) && byType.get(r.type()).fills(r, template))
                .forEach(r -> filled.put(r.logicalId(), r));
        if (filled.isEmpty()) {
            return new Plan(List.of(), List.of(), List.of(), Map.of());
        }
        Map<String, List<String>> readers = new LinkedHashMap<>();
        for (Template.Resource r : filled.values()) {
            readers.put(
                    r.logicalId(),
                    template.resources().values().stream()
                            .filter(other -> !filled.containsKey(other.logicalId()))
                            .filter(other -> Template.references(other.properties(), r.logicalId()))
                            .map(Template.Resource::logicalId)
                            .toList());
        }
        List<Template.Resource> before = new ArrayList<>();
        List<Template.Resource> after = new ArrayList<>();
        List<Template.Resource> pending = new ArrayList<>(filled.values());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Template.Resource r : List.copyOf(pending)) {
                List<String> readsFilled = filled.keySet().stream()
                        .filter(id -> !id.equals(r.logicalId()) && Template.references(r.properties(), id))
                        .toList();
                if (readsFilled.stream().anyMatch(id -> pending.stream()
                        .anyMatch(p -> p.logicalId().equals(id)))) {
                    continue; // decided once what it reads is
                }
                List<String> readsStack = template.resources().keySet().stream()
                        .filter(id -> !filled.containsKey(id) && Template.references(r.properties(), id))
                        .toList();
                boolean readsLate = readsFilled.stream().anyMatch(id -> after.stream()
                        .anyMatch(a -> a.logicalId().equals(id)));
                List<String> readBy = readers.get(r.logicalId());
                boolean canBeBefore = readsStack.isEmpty() && !readsLate;
                if (canBeBefore && (!readBy.isEmpty() || byType.get(r.type()).before())) {
                    before.add(r);
                } else if (readBy.isEmpty() || standsIn(template, r, readBy, byType)) {
                    after.add(r);
                } else {
                    throw new ConfigurationException(r.logicalId() + " (" + r.type() + ") is not created by moto, so "
                            + "cloudtest creates it itself; but " + String.join(", ", readBy) + " read it, and it "
                            + "reads " + String.join(", ", readsStack.isEmpty() ? readsFilled : readsStack)
                            + " of the stack, so it can be created neither before the stack nor after. Nothing was "
                            + "created. Run this stack on AWS (cloudtest.target=aws with a sandbox account).");
                }
                pending.remove(r);
                progress = true;
            }
            if (!progress) {
                throw new ConfigurationException("The resources "
                        + pending.stream().map(Template.Resource::logicalId).toList()
                        + " read each other in a cycle; CloudFormation would reject the template too.");
            }
        }
        List<String> lateOutputs = new ArrayList<>();
        template.json().path("Outputs").fields().forEachRemaining(output -> {
            if (after.stream().anyMatch(r -> Template.references(output.getValue(), r.logicalId()))) {
                lateOutputs.add(output.getKey());
            }
        });
        return new Plan(List.copyOf(before), List.copyOf(after), List.copyOf(lateOutputs), readers);
    }

    /** Whether the filler has a stand-in for every way the readers read the resource. */
    private static boolean standsIn(
            Template template, Template.Resource r, List<String> readBy, Map<String, Filler> byType) {
        Filler filler = byType.get(r.type());
        for (String reader : readBy) {
            try {
                References.substitute(
                        template.resources().get(reader).properties(),
                        r.logicalId(),
                        attribute -> filler.standIn(r, attribute),
                        reader);
            } catch (ConfigurationException e) {
                return false;
            }
        }
        return true;
    }
}
