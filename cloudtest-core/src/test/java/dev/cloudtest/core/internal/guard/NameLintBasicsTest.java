package dev.cloudtest.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameLintBasicsTest {

    private static List<NameLint.Finding> findings(String bucketName) {
        return NameLint.findings(Template.parse(
                "Parameters:\n  Name: {Type: String}\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n"
                        + "    Properties:\n      BucketName: " + bucketName + "\n",
                "t.yaml"));
    }

    @Test
    void literal_bucket_name_is_flagged() {
        assertThat(findings("orders-data")).singleElement().satisfies(f -> {
            assertThat(f.logicalId()).isEqualTo("Data");
            assertThat(f.property()).isEqualTo("BucketName");
            assertThat(f.value()).contains("orders-data");
        });
    }

    @Test
    void sub_of_the_stack_name_is_not_flagged() {
        assertThat(findings("!Sub '${AWS::StackName}-data'")).isEmpty();
    }

    @Test
    void ref_to_a_parameter_is_not_flagged() {
        assertThat(findings("!Ref Name")).isEmpty();
    }

    @Test
    void sub_without_variables_is_flagged() {
        assertThat(findings("!Sub 'orders-data'")).hasSize(1);
    }
}
