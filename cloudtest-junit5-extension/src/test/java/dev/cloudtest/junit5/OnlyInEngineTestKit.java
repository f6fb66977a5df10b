package dev.cloudtest.junit5;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that only the EngineTestKit runs (with the configuration parameter {@value #PARAMETER}); run
 * any other way, e.g. from an IDE, it is disabled and provisions nothing. Put it before {@code @CloudStack}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OnlyInEngineTestKit.Condition.class)
public @interface OnlyInEngineTestKit {
    /** The configuration parameter Kit sets. */
    String PARAMETER = "dev.cloudtest.junit5.kit";

    /** The condition. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER, Boolean::parseBoolean)
                            .orElse(false)
                    ? ConditionEvaluationResult.enabled("run by the EngineTestKit")
                    : ConditionEvaluationResult.disabled("only run through the EngineTestKit by an *IT test");
        }
    }
}
