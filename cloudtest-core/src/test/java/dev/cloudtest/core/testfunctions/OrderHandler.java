package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A POJO handler: reads an order, answers a receipt with facts from the Context. */
public class OrderHandler implements RequestHandler<OrderHandler.Order, OrderHandler.Receipt> {

    /** The event. */
    public static class Order {
        public String orderId;
        public int quantity;
        public long unitPriceCents;
    }

    /** The result. */
    public static class Receipt {
        public String orderId;
        public long totalCents;
        public String functionName;
        public int memoryLimitInMb;
        public boolean timeRemaining;
        public String requestId;
    }

    @Override
    public Receipt handleRequest(Order order, Context context) {
        context.getLogger().log("pricing " + order.orderId);
        System.out.println("stdout of " + order.orderId);
        Receipt receipt = new Receipt();
        receipt.orderId = order.orderId;
        receipt.totalCents = order.quantity * order.unitPriceCents;
        receipt.functionName = context.getFunctionName();
        receipt.memoryLimitInMb = context.getMemoryLimitInMB();
        receipt.timeRemaining = context.getRemainingTimeInMillis() > 0;
        receipt.requestId = context.getAwsRequestId();
        return receipt;
    }
}
