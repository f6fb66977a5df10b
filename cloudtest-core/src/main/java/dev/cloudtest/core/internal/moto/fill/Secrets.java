package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * {@code AWS::SecretsManager::Secret}: Secrets Manager {@code CreateSecret}, with {@code SecretString} or a value from
 * {@code GenerateSecretString} ({@code GetRandomPassword} with the same options, placed under {@code GenerateStringKey}
 * of {@code SecretStringTemplate}). Created before the stack, since {@code {{resolve:secretsmanager:…}}} references
 * and {@code Ref}s read it; named as declared, else after the stack and the logical id. It carries the stack's
 * ownership tags and {@value StackTags#STACK_NAME}, by which teardown and the sweeper find it. Values are never logged.
 */
final class Secrets implements Filler {
    private static final String STACK_TAG = StackTags.STACK_NAME;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String type() {
        return "AWS::SecretsManager::Secret";
    }

    @Override
    public String how() {
        return "Secrets Manager CreateSecret";
    }

    @Override
    public boolean before() {
        return true;
    }

    @Override
    public void check(Template.Resource resource, PreparedStack stack) {
        JsonNode p = resource.properties();
        if (p.has("SecretString") && p.has("GenerateSecretString")) {
            throw new ConfigurationException(resource.logicalId() + " (AWS::SecretsManager::Secret) has both "
                    + "SecretString and GenerateSecretString; CloudFormation accepts one. Nothing was created.");
        }
        JsonNode generate = p.path("GenerateSecretString");
        if (generate.has("SecretStringTemplate") != generate.has("GenerateStringKey")) {
            throw new ConfigurationException(resource.logicalId() + " (AWS::SecretsManager::Secret): "
                    + "GenerateSecretString needs SecretStringTemplate and GenerateStringKey together. Nothing was "
                    + "created.");
        }
    }

    @Override
    public Filled create(Owner owner, Template.Resource resource, JsonNode properties) {
        SecretsManagerClient secrets = owner.session().client(SecretsManagerClient.class);
        String name = properties.path("Name").asText(owner.generatedName(resource.logicalId(), 256));
        List<Tag> tags = new ArrayList<>();
        owner.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        tags.add(Tag.builder().key(STACK_TAG).value(owner.stackName()).build());
        properties
                .path("Tags")
                .forEach(t -> tags.add(Tag.builder()
                        .key(t.path("Key").asText())
                        .value(t.path("Value").asText())
                        .build()));
        String existing = existing(secrets, name, owner.stackName());
        if (existing != null) {
            if (properties.has("SecretString")) {
                secrets.putSecretValue(r -> r.secretId(existing)
                        .secretString(properties.path("SecretString").asText()));
            }
            return new Filled(resource.logicalId(), type(), existing, Map.of("Id", existing));
        }
        String value = properties.has("SecretString")
                ? properties.path("SecretString").asText()
                : generated(secrets, properties.path("GenerateSecretString"));
        String arn = secrets.createSecret(r -> r.name(name)
                        .description(properties.path("Description").asText(null))
                        .secretString(value)
                        .tags(tags))
                .arn();
        return new Filled(resource.logicalId(), type(), arn, Map.of("Id", arn));
    }

    /** The ARN of the secret of this name when this stack made it (an update); refused when another one has it. */
    private static String existing(SecretsManagerClient secrets, String name, String stackName) {
        try {
            var described = secrets.describeSecret(r -> r.secretId(name));
            boolean ours = described.tags().stream()
                    .anyMatch(t -> t.key().equals(STACK_TAG) && t.value().equals(stackName));
            if (!ours) {
                throw new ConfigurationException("A secret named " + name + " exists that stack " + stackName
                        + " did not create; CloudFormation would fail to create it too. Nothing of the stack was "
                        + "created. Remove the Name, or choose another.");
            }
            return described.arn();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static String generated(SecretsManagerClient secrets, JsonNode generate) {
        String password = secrets.getRandomPassword(r -> {
                    if (generate.has("PasswordLength")) {
                        r.passwordLength(generate.path("PasswordLength").asLong());
                    }
                    if (generate.has("ExcludeCharacters")) {
                        r.excludeCharacters(generate.path("ExcludeCharacters").asText());
                    }
                    r.excludePunctuation(generate.path("ExcludePunctuation").asBoolean(false))
                            .excludeUppercase(generate.path("ExcludeUppercase").asBoolean(false))
                            .excludeLowercase(generate.path("ExcludeLowercase").asBoolean(false))
                            .excludeNumbers(generate.path("ExcludeNumbers").asBoolean(false))
                            .includeSpace(generate.path("IncludeSpace").asBoolean(false))
                            .requireEachIncludedType(
                                    generate.path("RequireEachIncludedType").asBoolean(true));
                })
                .randomPassword();
        if (!generate.has("SecretStringTemplate")) {
            return password;
        }
        try {
            ObjectNode template = (ObjectNode)
                    MAPPER.readTree(generate.path("SecretStringTemplate").asText());
            template.put(generate.path("GenerateStringKey").asText(), password);
            return MAPPER.writeValueAsString(template);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
            throw new ConfigurationException("GenerateSecretString's SecretStringTemplate is not a JSON object; "
                    + "CloudFormation would reject it too. Nothing was created.");
        }
    }

    @Override
    public boolean exists(Owner owner, Filled filled) {
        try {
            owner.session().client(SecretsManagerClient.class).describeSecret(r -> r.secretId(filled.physicalId()));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<String> removeAll(Owner owner) {
        SecretsManagerClient secrets = owner.session().client(SecretsManagerClient.class);
        List<String> removed = new ArrayList<>();
        for (SecretListEntry secret : secrets
                .listSecretsPaginator(r -> r.filters(
                        Filter.builder()
                                .key(FilterNameStringType.TAG_KEY)
                                .values(STACK_TAG)
                                .build(),
                        Filter.builder()
                                .key(FilterNameStringType.TAG_VALUE)
                                .values(owner.stackName())
                                .build()))
                .stream()
                .flatMap(page -> page.secretList().stream())
                .toList()) {
            boolean ours = secret.tags().stream()
                    .anyMatch(t -> t.key().equals(STACK_TAG) && t.value().equals(owner.stackName()));
            if (ours) {
                secrets.deleteSecret(r -> r.secretId(secret.arn()).forceDeleteWithoutRecovery(true));
                removed.add("secret " + secret.name());
            }
        }
        return removed;
    }
}
