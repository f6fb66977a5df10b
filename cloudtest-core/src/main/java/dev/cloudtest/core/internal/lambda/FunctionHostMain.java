package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The main class of a local function's child JVM. Loads the handler once (Lambda's init phase), then answers one
 * line-delimited JSON request at a time on standard input with one JSON line on standard output. Whatever the handler
 * prints goes to a buffer per invocation and is returned with the response.
 *
 * <p>Handlers are found by reflection, so that cloudtest does not depend on {@code aws-lambda-java-core}: {@code
 * pkg.Class::method}, or {@code pkg.Class} with {@code handleRequest}. Events are read and results written by the
 * Lambda Java runtime's own serialisation library ({@link HandlerSerializers}). A {@code Context} (a proxy) is passed when the
 * method takes one and the interface is on the classpath.
 *
 * <p>When standard input closes — the test JVM ended, however it ended — the host halts at once, so no function JVM
 * outlives its test JVM. The reading thread is the host's own, so a busy or hung handler cannot delay this.
 */
public final class FunctionHostMain {
    static final String CONTEXT_TYPE = "com.amazonaws.services.lambda.runtime.Context";
    static final String LOGGER_TYPE = "com.amazonaws.services.lambda.runtime.LambdaLogger";

    /** The host's protocol with the test JVM; events and results go through {@link HandlerSerializers}. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream protocol;
    private final PrintStream idle;
    private final Object handler;
    private final Method method;
    private final Kind kind;
    private final Class<?> inputType;
    private final HandlerSerializers.Serializer input;
    private final HandlerSerializers.Serializer output;
    private final Optional<Class<?>> contextType;

    private enum Kind {
        STREAM,
        EVENT,
        NO_ARGUMENT
    }

    private FunctionHostMain(PrintStream protocol, PrintStream idle, String handlerName)
            throws ReflectiveOperationException {
        this.protocol = protocol;
        this.idle = idle;
        String className =
                handlerName.contains("::") ? handlerName.substring(0, handlerName.indexOf("::")) : handlerName;
        String methodName =
                handlerName.contains("::") ? handlerName.substring(handlerName.indexOf("::") + 2) : "handleRequest";
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type = Class.forName(className, true, loader);
        this.contextType = loadOptional(CONTEXT_TYPE, loader);
        this.method = findMethod(type, methodName);
        this.method.setAccessible(true);
        this.handler = Modifier.isStatic(method.getModifiers())
                ? null
                : type.getDeclaredConstructor().newInstance();
        Class<?>[] parameters = method.getParameterTypes();
        this.output = method.getReturnType() == void.class
                ? null
                : HandlerSerializers.forType(method.getGenericReturnType(), loader);
        if (parameters.length >= 2
                && InputStream.class.isAssignableFrom(parameters[0])
                && OutputStream.class.isAssignableFrom(parameters[1])) {
            this.kind = Kind.STREAM;
            this.inputType = null;
            this.input = null;
        } else if (parameters.length == 0 || isContext(parameters[0])) {
            this.kind = Kind.NO_ARGUMENT;
            this.inputType = null;
            this.input = null;
        } else {
            this.kind = Kind.EVENT;
            this.inputType = parameters[0];
            this.input = HandlerSerializers.isStream(inputType)
                    ? null
                    : HandlerSerializers.forType(method.getGenericParameterTypes()[0], loader);
        }
    }

    /** Arguments: the handler. Environment: as Lambda sets it (function name, memory, timeout, region...). */
    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Standard output is the protocol: what the function prints outside an invocation (its init, its own
        // threads) goes to the host's log (standard error) instead.
        PrintStream idle = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(idle);
        System.setErr(idle);
        long started = System.nanoTime();
        FunctionHostMain host;
        try {
            host = new FunctionHostMain(protocol, idle, args[0]);
        } catch (Throwable e) {
            ObjectNode failed = MAPPER.createObjectNode().put("ready", false);
            failed.set("error", error(e instanceof InvocationTargetException ite ? ite.getCause() : e));
            protocol.println(MAPPER.writeValueAsString(failed));
            Runtime.getRuntime().halt(1);
            return;
        }
        protocol.println(MAPPER.writeValueAsString(
                MAPPER.createObjectNode().put("ready", true).put("initNanos", System.nanoTime() - started)));
        host.serve(new BufferedReader(new InputStreamReader(ownStandardInput(), StandardCharsets.UTF_8)));
    }

    private void serve(BufferedReader requests) throws Exception {
        java.util.concurrent.BlockingQueue<String> pending = new java.util.concurrent.LinkedBlockingQueue<>();
        // Its own thread: the pipe's end is seen at once, also while a handler runs (or hangs).
        Thread reader = new Thread(
                () -> {
                    try {
                        String line;
                        while ((line = requests.readLine()) != null) {
                            pending.put(line);
                        }
                    } catch (Exception e) {
                        // the pipe broke: the same as closed
                    }
                    // The test JVM closed the pipe (or died): end now, whatever the handler's threads are doing.
                    Runtime.getRuntime().halt(0);
                },
                "cloudtest-host-stdin");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            JsonNode request = MAPPER.readTree(pending.take());
            protocol.println(MAPPER.writeValueAsString(invoke(request)));
        }
    }

    private ObjectNode invoke(JsonNode request) {
        String id = request.path("id").asText();
        long deadline = request.path("deadlineEpochMillis").asLong(Long.MAX_VALUE);
        ObjectNode response = MAPPER.createObjectNode().put("id", id);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            Object context =
                    contextType.map(t -> context(t, id, deadline, capture)).orElse(null);
            response.put("result", call(request.path("payload").asText(), context));
            response.put("ok", true);
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            response.put("ok", false);
            response.set("error", error(cause));
        } finally {
            System.setOut(idle);
            System.setErr(idle);
            capture.flush();
        }
        response.put("output", captured.toString(StandardCharsets.UTF_8));
        return response;
    }

    private String call(String payload, Object context) throws Exception {
        Object[] arguments = new Object[method.getParameterCount()];
        switch (kind) {
            case STREAM -> {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                arguments[0] = new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8));
                arguments[1] = output;
                if (arguments.length > 2) {
                    arguments[2] = context;
                }
                method.invoke(handler, arguments);
                return output.toString(StandardCharsets.UTF_8);
            }
            case NO_ARGUMENT -> {
                if (arguments.length > 0) {
                    arguments[0] = context;
                }
            }
            case EVENT -> {
                arguments[0] = readEvent(payload);
                if (arguments.length > 1) {
                    arguments[1] = context;
                }
            }
        }
        Object result = method.invoke(handler, arguments);
        return output == null ? "null" : output.write(result);
    }

    private Object readEvent(String payload) throws Exception {
        if (input == null) {
            return new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8));
        }
        return input.read(payload);
    }

    private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        List<Method> candidates = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Arrays.stream(c.getDeclaredMethods())
                    .filter(m -> m.getName().equals(name) && !m.isBridge() && !m.isSynthetic())
                    .forEach(candidates::add);
        }
        if (candidates.isEmpty()) {
            throw new NoSuchMethodException("Handler class " + type.getName() + " has no method '" + name
                    + "'. Check the function's Handler (package.Class::method).");
        }
        // As Lambda: prefer the most arguments (the one taking a Context), public first.
        candidates.sort(Comparator.<Method>comparingInt(Method::getParameterCount)
                .reversed()
                .thenComparing(m -> !Modifier.isPublic(m.getModifiers())));
        return candidates.get(0);
    }

    private static boolean isContext(Class<?> type) {
        return type.getName().equals(CONTEXT_TYPE);
    }

    private static Optional<Class<?>> loadOptional(String name, ClassLoader loader) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Object context(Class<?> type, String requestId, long deadline, PrintStream log) {
        String functionName = env("AWS_LAMBDA_FUNCTION_NAME", "function");
        String region = env("AWS_REGION", "us-east-1");
        Object logger = loadOptional(LOGGER_TYPE, type.getClassLoader())
                .map(l -> Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {l}, (proxy, m, args) -> {
                    if (m.getName().equals("log") && args != null && args.length > 0) {
                        log.print(
                                args[0] instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : args[0]);
                        return null;
                    }
                    return objectMethod(proxy, m.getName(), args, "LambdaLogger");
                }))
                .orElse(null);
        return Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> switch (m.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getLogGroupName" -> "/aws/lambda/" + functionName;
                    case "getLogStreamName" ->
                        "local/" + ProcessHandle.current().pid();
                    case "getFunctionName" -> functionName;
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" ->
                        "arn:aws:lambda:" + region + ":" + env("CLOUDTEST_ACCOUNT_ID", "000000000000") + ":function:"
                                + functionName;
                    case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
                    case "getMemoryLimitInMB" -> Integer.parseInt(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
                    case "getLogger" -> logger;
                    case "getIdentity", "getClientContext" -> null;
                    default -> objectMethod(proxy, m.getName(), args, "Context " + requestId);
                });
    }

    private static Object objectMethod(Object proxy, String name, Object[] args, String description) {
        return switch (name) {
            case "toString" -> description;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> args != null && args.length == 1 && proxy == args[0];
            default -> null;
        };
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? defaultValue : value;
    }

    /** Lambda's error shape. */
    static ObjectNode error(Throwable e) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("errorMessage", String.valueOf(e.getMessage()));
        error.put("errorType", e.getClass().getName());
        ArrayNode trace = error.putArray("stackTrace");
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("jdk.internal.reflect.")
                    || frame.getClassName().startsWith("java.lang.reflect.Method")
                    || frame.getClassName().equals(FunctionHostMain.class.getName())) {
                break;
            }
            trace.add(frame.toString());
        }
        return error;
    }

    /** Standard input is the host's request channel; handlers see an empty stream. */
    private static InputStream ownStandardInput() {
        InputStream in = new java.io.FileInputStream(FileDescriptor.in);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        return in;
    }
}
