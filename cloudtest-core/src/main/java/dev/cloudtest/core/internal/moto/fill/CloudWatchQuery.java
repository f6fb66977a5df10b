package dev.cloudtest.core.internal.moto.fill;

import dev.cloudtest.core.CloudSession;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * CloudWatch's Query protocol (form-encoded {@code Action=…}, XML answers), signed with SigV4: the AWS SDK speaks
 * CloudWatch's newer CBOR protocol, which moto 5.2.5 does not answer, while moto answers the Query protocol that
 * CloudWatch still serves. Used on emulators only.
 */
final class CloudWatchQuery {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CloudWatchQuery() {}

    /**
     * Calls the action with these parameters.
     *
     * @return the XML answer
     * @throws IllegalStateException with the service's error when it answers one
     */
    static String call(CloudSession session, String action, Map<String, String> parameters) {
        URI endpoint = session.endpoint().orElseThrow(() -> new IllegalStateException("emulator targets only"));
        StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-08-01");
        parameters.forEach((k, v) -> form.append('&')
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .uri(endpoint.resolve("/"))
                .method(SdkHttpMethod.POST)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .build();
        AwsCredentialsIdentity identity = session.client(SqsClient.class)
                .serviceClientConfiguration()
                .credentialsProvider()
                .resolveIdentity()
                .join();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitoring")
                .putProperty(AwsV4HttpSigner.REGION_NAME, session.region()));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                request.header(name, String.join(",", values));
            }
        });
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("CloudWatch " + action + " answered HTTP " + response.statusCode()
                        + ": " + first(response.body(), "Message").orElse(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("CloudWatch " + action + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling CloudWatch " + action, e);
        }
    }

    /** The text of every element of this name, in order. */
    static List<String> all(String xml, String element) {
        Matcher m =
                Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(unescape(m.group(1)));
        }
        return values;
    }

    static java.util.Optional<String> first(String xml, String element) {
        return all(xml, element).stream().findFirst();
    }

    /** {@code prefix.member.N} parameters for a list, numbered from 1. */
    static Map<String, String> members(String prefix, List<String> values) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            result.put(prefix + ".member." + (i + 1), values.get(i));
        }
        return result;
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
