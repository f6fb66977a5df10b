package dev.cloudtest.core.internal.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every form of FunctionName that Invoke takes names the same function, with its qualifier. */
class InvokeRouterTest {
    @Test
    void names_arns_partial_arns_and_aliases() {
        assertThat(InvokeRouter.nameAndQualifier("orders")).containsExactly("orders", "");
        assertThat(InvokeRouter.nameAndQualifier("orders:live")).containsExactly("orders", "live");
        assertThat(InvokeRouter.nameAndQualifier("arn:aws:lambda:us-east-1:123456789012:function:orders"))
                .containsExactly("orders", "");
        assertThat(InvokeRouter.nameAndQualifier("arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST"))
                .containsExactly("orders", "$LATEST");
        assertThat(InvokeRouter.nameAndQualifier("123456789012:function:orders:7"))
                .containsExactly("orders", "7");
    }
}
