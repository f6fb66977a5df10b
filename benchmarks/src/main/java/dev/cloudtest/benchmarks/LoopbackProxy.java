package dev.cloudtest.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of moto, for two things a direct connection cannot show:
 *
 * <ul>
 *   <li><b>Counting requests by action</b> ({@code cloudformation:CreateStack}, {@code sqs:ReceiveMessage}...), to prove
 *       that a code path makes no CloudFormation write call.
 *   <li><b>Simulating an asynchronous CloudFormation.</b> moto's CreateStack and DeleteStack are synchronous: the stack
 *       is complete when the call returns, so no poller ever waits. With a {@code simulatedDelay}, DescribeStacks for a
 *       stack answers {@code CREATE_IN_PROGRESS} (resp. {@code DELETE_IN_PROGRESS}) until that long after its
 *       CreateStack (resp. DeleteStack) returned — as AWS does for a stack that takes that long — so the benchmark
 *       shows how quickly each poller notices completion.
 * </ul>
 *
 * Binds to the loopback address only; every request is forwarded unchanged to the upstream endpoint.
 */
final class LoopbackProxy implements AutoCloseable {
    /** CloudFormation's query API version: identifies its form-encoded requests among the other query services. */
    private static final String CLOUDFORMATION_VERSION = "2010-05-15";

    private static final Set<String> HOP_BY_HOP =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding", "keep-alive");
    private static final Pattern STACK_ID = Pattern.compile("<StackId>([^<]+)</StackId>");

    private final URI upstream;
    private final Duration simulatedDelay;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** Stack reference (name or id) → nanoTime until which it is reported as still creating / deleting. */
    private final Map<String, Long> creatingUntil = new ConcurrentHashMap<>();

    private final Map<String, Long> deletingUntil = new ConcurrentHashMap<>();

    /**
     * Starts the proxy on a free loopback port.
     *
     * @param simulatedDelay how long a stack stays in progress after CreateStack / DeleteStack; zero: pass-through
     */
    LoopbackProxy(URI upstream, Duration simulatedDelay) throws IOException {
        this.upstream = upstream;
        this.simulatedDelay = simulatedDelay;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "loopback-proxy");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    /** The proxy's endpoint, e.g. {@code http://127.0.0.1:50123}. */
    URI endpoint() {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /** Requests seen since the last {@link #reset()}, by {@code service:Action}. */
    Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** CloudFormation calls seen since the last {@link #reset()} that change something (all but Describe/List/Get). */
    long cloudFormationWrites() {
        return counts().entrySet().stream()
                .filter(e -> e.getKey().startsWith("cloudformation:"))
                .filter(e -> !e.getKey().matches("cloudformation:(Describe|List|Get|Validate|Estimate).*"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    void reset() {
        counts.clear();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> form = formParameters(exchange, body);
            String action = action(exchange, form);
            counts.computeIfAbsent(action, k -> new LongAdder()).increment();

            HttpRequest.Builder request = HttpRequest.newBuilder(
                            upstream.resolve(exchange.getRequestURI().toString()))
                    .timeout(Duration.ofMinutes(2))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] answer = simulate(action, form, response.body());

            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            boolean noBody = answer.length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
            if (!noBody) {
                exchange.getResponseBody().write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        }
    }

    /** Records CreateStack / DeleteStack, and rewrites DescribeStacks answers for stacks still "in progress". */
    private byte[] simulate(String action, Map<String, String> form, byte[] answer) {
        if (simulatedDelay.isZero()) {
            return answer;
        }
        long until = System.nanoTime() + simulatedDelay.toNanos();
        String ref = form.get("StackName");
        switch (action) {
            case "cloudformation:CreateStack" -> {
                creatingUntil.put(ref, until);
                Matcher id = STACK_ID.matcher(new String(answer, StandardCharsets.UTF_8));
                if (id.find()) {
                    creatingUntil.put(id.group(1), until);
                }
            }
            case "cloudformation:DeleteStack" -> deletingUntil.put(ref, until);
            case "cloudformation:DescribeStacks" -> {
                if (ref == null) {
                    return answer;
                }
                String text = new String(answer, StandardCharsets.UTF_8);
                if (stillBefore(deletingUntil, ref)) {
                    text = text.replace(
                            "<StackStatus>DELETE_COMPLETE</StackStatus>",
                            "<StackStatus>DELETE_IN_PROGRESS</StackStatus>");
                } else if (stillBefore(creatingUntil, ref)) {
                    text = text.replace(
                            "<StackStatus>CREATE_COMPLETE</StackStatus>",
                            "<StackStatus>CREATE_IN_PROGRESS</StackStatus>");
                }
                return text.getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                // other calls pass through unchanged
            }
        }
        return answer;
    }

    private static boolean stillBefore(Map<String, Long> deadlines, String ref) {
        Long until = deadlines.get(ref);
        return until != null && System.nanoTime() < until;
    }

    /** {@code service:Action}: from X-Amz-Target (JSON protocols), the form's Action (query protocols), else S3. */
    private static String action(HttpExchange exchange, Map<String, String> form) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            int dot = target.lastIndexOf('.');
            String service = target.substring(0, Math.max(0, dot)).toLowerCase();
            return service + ":" + target.substring(dot + 1);
        }
        String action = form.get("Action");
        if (action != null) {
            String service = CLOUDFORMATION_VERSION.equals(form.get("Version")) ? "cloudformation" : "query";
            return service + ":" + action;
        }
        return "http:" + exchange.getRequestMethod();
    }

    private static Map<String, String> formParameters(HttpExchange exchange, byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            return form;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
