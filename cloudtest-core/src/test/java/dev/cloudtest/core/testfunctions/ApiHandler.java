package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;

/** A REST API proxy handler (payload 1.0): answers what it was asked, 404 for order "missing". */
public class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        String id = request.getPathParameters() == null
                ? null
                : request.getPathParameters().get("id");
        if ("missing".equals(id)) {
            return new APIGatewayProxyResponseEvent().withStatusCode(404).withBody("{\"message\":\"no such order\"}");
        }
        String query = request.getQueryStringParameters() == null
                ? ""
                : String.valueOf(request.getQueryStringParameters().get("view"));
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(request.getHttpMethod().equals("POST") ? 201 : 200)
                .withHeaders(Map.of("Content-Type", "application/json", "X-Resource", request.getResource()))
                .withBody("{\"method\":\"" + request.getHttpMethod() + "\",\"id\":\"" + id + "\",\"view\":\"" + query
                        + "\",\"stage\":\"" + request.getRequestContext().getStage() + "\",\"trace\":\""
                        + (request.getHeaders() == null
                                ? null
                                : request.getHeaders().get("X-Trace-Id"))
                        + "\",\"body\":"
                        + (request.getBody() == null ? "null" : request.getBody()) + "}");
    }
}
