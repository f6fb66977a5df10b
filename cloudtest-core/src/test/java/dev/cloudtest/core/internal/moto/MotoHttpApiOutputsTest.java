package dev.cloudtest.core.internal.moto;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.Template;
import org.junit.jupiter.api.Test;

/** What moto would refuse about HTTP APIs is refused first, with what to do. */
class MotoHttpApiOutputsTest {
    private static Template template(String value) {
        return Template.parse(
                """
                Resources:
                  HttpApi:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: a, ProtocolType: HTTP}
                  Param:
                    Type: AWS::SSM::Parameter
                    Properties: {Type: String, Value: %s}
                """
                        .formatted(value),
                "t.yaml");
    }

    @Test
    void another_resource_reading_an_http_api_attribute_is_refused_before_moto_fails_the_template() {
        assertThatThrownBy(() ->
                        MotoHttpApiOutputs.refuseAttributesOfHttpApis(template("!Sub '${HttpApi.ApiEndpoint}/prod'")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Param reads an attribute of HttpApi")
                .hasMessageContaining("moto cannot create HTTP APIs");
        assertThatThrownBy(() -> MotoHttpApiOutputs.refuseAttributesOfHttpApis(template("!GetAtt HttpApi.ApiEndpoint")))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void a_ref_or_plain_sub_of_an_http_api_is_left_to_moto_which_takes_it() {
        assertThatCode(() -> MotoHttpApiOutputs.refuseAttributesOfHttpApis(template("!Sub 'x-${HttpApi}'")))
                .doesNotThrowAnyException();
        assertThatCode(() -> MotoHttpApiOutputs.refuseAttributesOfHttpApis(template("!Ref HttpApi")))
                .doesNotThrowAnyException();
    }
}
