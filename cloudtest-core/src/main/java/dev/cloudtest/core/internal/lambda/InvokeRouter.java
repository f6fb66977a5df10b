package dev.cloudtest.core.internal.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.http.LoopbackForwarding;
import dev.cloudtest.core.internal.http.LoopbackServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * One loopback endpoint in front of the emulator's Lambda API. {@code Invoke} of a function that runs locally — by
 * name, ARN, partial ARN, qualified ARN or alias — reaches the local function: {@code RequestResponse} answers with its
 * result (or, on an error, Lambda's error payload with {@code X-Amz-Function-Error: Unhandled}; {@code LogType=Tail}
 * adds the last 4 KB of its output as {@code X-Amz-Log-Result}), {@code Event} queues it with Lambda's asynchronous
 * semantics and answers 202, {@code DryRun} answers 204. Every other request passes through to the emulator unchanged.
 *
 * <p>The test JVM's {@code LambdaClient}s and local functions' SDK clients ({@code AWS_ENDPOINT_URL_LAMBDA}) use it.
 */
final class InvokeRouter implements AutoCloseable {
    private static final Logger LOG = Loggers.get(InvokeRouter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    private static final int TAIL_BYTES = 4096;

    /** A local function found for an invocation, with its async path. */
    record Target(FunctionProcess function, java.util.function.Consumer<String> invokeAsync) {}

    private final HttpServer server;
    private final URI emulator;
    private final Function<String, Optional<Target>> functions;
    private final LoopbackForwarding forwarding = new LoopbackForwarding();

    /**
     * @param functions finds the local function of a {@code FunctionName} (name, ARN, alias), if any
     */
    InvokeRouter(URI emulator, Function<String, Optional<Target>> functions) throws IOException {
        this.emulator = emulator;
        this.functions = functions;
        this.server = LoopbackServers.create("cloudtest-invoke-router");
        server.createContext("/", this::handle);
        server.start();
    }

    /** The router's endpoint, {@code http://127.0.0.1:<port>}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (exchange.getRequestMethod().equals("POST") && invoke.matches()) {
                String name = URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8);
                Optional<Target> target = functions.apply(name);
                if (target.isPresent()) {
                    invokeLocally(exchange, target.get(), body);
                    return;
                }
            }
            forwarding.forward(exchange, body, emulator);
        } catch (RuntimeException e) {
            LOG.warn("cloudtest: the Lambda router failed on {}: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private void invokeLocally(HttpExchange exchange, Target target, byte[] body) throws IOException {
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
                .orElse("RequestResponse");
        String payload = body.length == 0 ? "{}" : new String(body, StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        switch (type) {
            case "DryRun" -> exchange.sendResponseHeaders(204, -1);
            case "Event" -> {
                target.invokeAsync().accept(payload);
                exchange.sendResponseHeaders(202, -1);
            }
            default -> {
                boolean tail =
                        "Tail".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type"));
                byte[] response;
                String output;
                try {
                    FunctionProcess.Result result = target.function().invokeWithOutput(payload);
                    response = (result.result() == null ? "null" : result.result()).getBytes(StandardCharsets.UTF_8);
                    output = result.output();
                } catch (LocalFunctionException e) {
                    ObjectNode error = MAPPER.createObjectNode()
                            .put("errorMessage", e.errorMessage())
                            .put("errorType", e.errorType());
                    e.stackTrace().forEach(error.putArray("stackTrace")::add);
                    response = error.toString().getBytes(StandardCharsets.UTF_8);
                    output = e.output();
                    exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                }
                if (tail) {
                    byte[] log = output.getBytes(StandardCharsets.UTF_8);
                    int from = Math.max(0, log.length - TAIL_BYTES);
                    exchange.getResponseHeaders()
                            .add(
                                    "X-Amz-Log-Result",
                                    Base64.getEncoder()
                                            .encodeToString(java.util.Arrays.copyOfRange(log, from, log.length)));
                }
                exchange.sendResponseHeaders(200, response.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response);
                }
            }
        }
    }

    /** The function name a {@code FunctionName} stands for, and its qualifier: {@code name}, {@code name:alias}, ARNs. */
    static List<String> nameAndQualifier(String functionName) {
        String name = functionName;
        String qualifier = "";
        if (name.startsWith("arn:")) {
            String[] parts = name.split(":");
            name = parts.length > 6 ? parts[6] : name;
            qualifier = parts.length > 7 ? parts[7] : "";
        } else if (name.matches("\\d{12}:function:.*")) {
            String[] parts = name.split(":");
            name = parts[2];
            qualifier = parts.length > 3 ? parts[3] : "";
        } else if (name.contains(":")) {
            qualifier = name.substring(name.indexOf(':') + 1);
            name = name.substring(0, name.indexOf(':'));
        }
        return List.of(name, qualifier);
    }

    @Override
    public void close() {
        LoopbackServers.stop(server);
    }
}
