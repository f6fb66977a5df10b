package dev.cloudtest.core.internal.probe;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB items as a reader expects them in a message: {@code {id="i-1", count=3, tags=["a", "b"]}}. */
public final class ItemText {
    private ItemText() {}

    /** The item (or key) with its attributes sorted by name. */
    public static String of(Map<String, AttributeValue> item) {
        if (item == null) {
            return "null";
        }
        return new TreeMap<>(item)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + value(e.getValue()))
                        .collect(Collectors.joining(", ", "{", "}"));
    }

    static String value(AttributeValue value) {
        if (value.s() != null) {
            return "\"" + value.s() + "\"";
        }
        if (value.n() != null) {
            return value.n();
        }
        if (value.bool() != null) {
            return value.bool().toString();
        }
        if (Boolean.TRUE.equals(value.nul())) {
            return "null";
        }
        if (value.b() != null) {
            return "<" + value.b().asByteArrayUnsafe().length + " bytes>";
        }
        if (value.hasM()) {
            return of(value.m());
        }
        if (value.hasL()) {
            return value.l().stream().map(ItemText::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value.hasSs()) {
            return value.ss().stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", ", "<<", ">>"));
        }
        if (value.hasNs()) {
            return value.ns().stream().collect(Collectors.joining(", ", "<<", ">>"));
        }
        if (value.hasBs()) {
            return "<<" + value.bs().size() + " binary values>>";
        }
        return value.toString();
    }
}
