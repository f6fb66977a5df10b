package dev.cloudtest.core.internal.lambda;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How a handler's event is read and its result written, chosen as the Lambda Java runtime chooses: a {@code
 * CustomPojoSerializer} the function ships ({@code META-INF/services}) first; else, for an {@code
 * aws-lambda-java-events} class, that event's serialiser from {@code aws-lambda-java-serialization} (its mix-ins give
 * {@code SNSEvent}'s {@code Sns} and Joda {@code Timestamp}, {@code SQSEvent}'s {@code eventSourceARN}, S3's records);
 * else the library's Jackson factory, with the runtime's settings, for POJOs, maps, strings and numbers.
 */
final class HandlerSerializers {
    static final String CUSTOM_SERIALIZER = "com.amazonaws.services.lambda.runtime.CustomPojoSerializer";

    private HandlerSerializers() {}

    /** Reads and writes one type. */
    interface Serializer {
        Object read(String json) throws Exception;

        String write(Object value) throws Exception;
    }

    /** The serialiser for a handler parameter's or result's type. */
    static Serializer forType(Type type, ClassLoader loader) {
        Optional<Object> custom = custom(loader);
        if (custom.isPresent()) {
            return new CustomSerializer(custom.get(), type);
        }
        PojoSerializer<Object> serializer = serializer(type, loader);
        return new Serializer() {
            @Override
            public Object read(String json) {
                return serializer.fromJson(json);
            }

            @Override
            public String write(Object value) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                serializer.toJson(value, out);
                return out.toString(StandardCharsets.UTF_8);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Type type, ClassLoader loader) {
        if (type instanceof Class<?> raw && LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return LambdaEventSerializers.serializerFor((Class<Object>) raw, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    /** The function's own serialiser, as the runtime loads it: the first {@code CustomPojoSerializer} service. */
    private static Optional<Object> custom(ClassLoader loader) {
        try {
            Class<?> service = Class.forName(CUSTOM_SERIALIZER, false, loader);
            Iterator<?> found = ServiceLoader.load(service, loader).iterator();
            return found.hasNext() ? Optional.of(found.next()) : Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A {@code CustomPojoSerializer}, called by reflection so that cloudtest does not need aws-lambda-java-core. */
    private record CustomSerializer(Object serializer, Type type) implements Serializer {
        @Override
        public Object read(String json) throws Exception {
            Method fromJson = serializer.getClass().getMethod("fromJson", String.class, Type.class);
            return fromJson.invoke(serializer, json, type);
        }

        @Override
        public String write(Object value) throws Exception {
            Method toJson =
                    serializer.getClass().getMethod("toJson", Object.class, java.io.OutputStream.class, Type.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            toJson.invoke(serializer, value, out, type);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Whether a handler parameter takes the raw event bytes instead of a deserialised event. */
    static boolean isStream(Class<?> type) {
        return InputStream.class.isAssignableFrom(type);
    }
}
