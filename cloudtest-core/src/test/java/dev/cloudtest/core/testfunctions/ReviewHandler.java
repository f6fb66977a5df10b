package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/** Holds a priced order for review: answers the decision with the total it saw and who decided. */
public class ReviewHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> order, Context context) {
        Map<String, Object> price = (Map<String, Object>) order.get("price");
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("status", "HELD_FOR_REVIEW");
        decision.put("orderId", order.get("orderId"));
        decision.put("totalCents", price.get("totalCents"));
        decision.put("pricedBy", price.get("pricedBy"));
        decision.put("reviewedBy", context.getFunctionName());
        return decision;
    }
}
