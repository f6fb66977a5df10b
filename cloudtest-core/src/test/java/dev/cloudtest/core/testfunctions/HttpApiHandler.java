package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP API handler (payload 2.0): echoes what API Gateway sent as JSON. {@code GET /plain} returns an object without
 * a statusCode, which API Gateway turns into a 200 JSON response.
 */
public class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, Object> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Object handleRequest(APIGatewayV2HTTPEvent request, Context context) {
        if (request.getRawPath().endsWith("/plain")) {
            return Map.of("plain", true, "routeKey", request.getRouteKey());
        }
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("version", request.getVersion());
        echo.put("routeKey", request.getRouteKey());
        echo.put("method", request.getRequestContext().getHttp().getMethod());
        echo.put("rawPath", request.getRawPath());
        echo.put("rawQueryString", request.getRawQueryString());
        echo.put("pathParameters", request.getPathParameters());
        echo.put("queryStringParameters", request.getQueryStringParameters());
        echo.put("trace", request.getHeaders().get("x-trace"));
        echo.put("cookies", request.getCookies() == null ? List.of() : request.getCookies());
        echo.put("stage", request.getRequestContext().getStage());
        echo.put("body", request.getBody());
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(
                            request.getRequestContext().getHttp().getMethod().equals("POST") ? 201 : 200)
                    .withHeaders(Map.of("Content-Type", "application/json", "X-Route", request.getRouteKey()))
                    .withCookies(List.of("session=s-1; Path=/"))
                    .withBody(MAPPER.writeValueAsString(echo))
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
