package dev.cloudtest.core.internal.packaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.internal.Loggers;
import dev.cloudtest.core.internal.naming.StackTags;
import dev.cloudtest.core.internal.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Uploads a template's local artifacts to cloudtest's artifact bucket (one per account and region, created on
 * demand, tagged as cloudtest's, objects expiring after {@value #EXPIRY_DAYS} days) under content-hash keys, and
 * rewrites the template to point there — as {@code aws cloudformation package} does. An artifact whose key already
 * exists is not uploaded again.
 */
public final class ArtifactPackager {
    private static final Logger LOG = Loggers.get(ArtifactPackager.class);
    static final int EXPIRY_DAYS = 7;
    static final String MARKER_TAG = "cloudtest:artifacts";

    private final CloudSession session;
    private final String owner;

    /** What packaging did. */
    public record Result(Template template, int uploaded, int reused) {}

    public ArtifactPackager(CloudSession session, String owner) {
        this.session = session;
        this.owner = owner;
    }

    /** The artifact bucket's name for this account and region. */
    public String bucket() {
        return "cloudtest-artifacts-" + session.accountId() + "-" + session.region();
    }

    /**
     * Uploads the template's local artifacts (if any) and returns the rewritten template.
     *
     * @throws GuardViolationException when a bucket of the artifact bucket's name exists that cloudtest does not own
     */
    public Result apply(Template template, Path baseDirectory) {
        List<LocalArtifacts.Artifact> artifacts = LocalArtifacts.find(template, baseDirectory);
        if (artifacts.isEmpty()) {
            return new Result(template, 0, 0);
        }
        S3Client s3 = session.client(S3Client.class);
        String bucket = bucket();
        ensureBucket(s3, bucket);
        ObjectNode json = template.json();
        int uploaded = 0;
        int reused = 0;
        for (LocalArtifacts.Artifact artifact : artifacts) {
            byte[] content = artifact.content();
            String key = artifact.key(content);
            if (exists(s3, bucket, key)) {
                reused++;
            } else {
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
                uploaded++;
                LOG.info(
                        "cloudtest: uploaded {} ({} bytes) for {} to s3://{}/{}",
                        artifact.path(),
                        content.length,
                        artifact.logicalId(),
                        bucket,
                        key);
            }
            ((ObjectNode) json.path("Resources").path(artifact.logicalId()).path("Properties"))
                    .set(
                            artifact.property().name(),
                            LocalArtifacts.location(artifact.property(), bucket, key, session.region()));
        }
        if (reused > 0) {
            LOG.info("cloudtest: {} artifact(s) unchanged, not uploaded again", reused);
        }
        return new Result(template.withJson(json), uploaded, reused);
    }

    /**
     * Uploads a template too large for CreateStack's {@code TemplateBody} (51,200 bytes) to the artifact bucket, under
     * a key made of its content hash (the same template is uploaded once), and returns its {@code TemplateURL}.
     *
     * @throws GuardViolationException when a bucket of the artifact bucket's name exists that cloudtest does not own
     */
    public String templateUrl(String body) {
        S3Client s3 = session.client(S3Client.class);
        String bucket = bucket();
        ensureBucket(s3, bucket);
        byte[] content = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String key = "templates/" + sha256(content) + ".json";
        if (!exists(s3, bucket, key)) {
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
            LOG.info(
                    "cloudtest: uploaded the template ({} bytes, over CreateStack's 51,200 inline) to s3://{}/{}",
                    content.length,
                    bucket,
                    key);
        }
        return "https://" + bucket + ".s3." + session.region() + ".amazonaws.com/" + key;
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean exists(S3Client s3, String bucket, String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void ensureBucket(S3Client s3, String bucket) {
        try {
            Map<String, String> tags = new java.util.HashMap<>();
            s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            if (!"true".equals(tags.get(MARKER_TAG))) {
                throw new GuardViolationException(
                        "ownership",
                        bucket,
                        "A bucket named " + bucket + " exists but "
                                + "does not carry the tag " + MARKER_TAG
                                + "=true: cloudtest will not put artifacts into a "
                                + "bucket it does not own. Remove or rename that bucket.");
            }
            return;
        } catch (NoSuchBucketException e) {
            // create it below
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchTagSet".equals(errorCode(e))) {
                // no such bucket: create it below
            } else if ("NoSuchTagSet".equals(errorCode(e))) {
                throw new GuardViolationException(
                        "ownership",
                        bucket,
                        "A bucket named " + bucket + " exists without "
                                + "cloudtest's tags: cloudtest will not put artifacts into a bucket it does not own.");
            } else {
                throw e;
            }
        }
        s3.createBucket(r -> {
            r.bucket(bucket);
            if (!"us-east-1".equals(session.region())) {
                r.createBucketConfiguration(
                        c -> c.locationConstraint(BucketLocationConstraint.fromValue(session.region())));
            }
        });
        s3.putBucketTagging(r -> r.bucket(bucket)
                .tagging(t -> t.tagSet(
                        Tag.builder().key(MARKER_TAG).value("true").build(),
                        Tag.builder().key(StackTags.OWNER).value(owner).build())));
        s3.putBucketLifecycleConfiguration(r -> r.bucket(bucket)
                .lifecycleConfiguration(l -> l.rules(rule -> rule.id("cloudtest-artifacts-expire")
                        .status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("cloudtest/"))
                        .expiration(e -> e.days(EXPIRY_DAYS)))));
        LOG.info("cloudtest: created the artifact bucket {} (objects expire after {} days)", bucket, EXPIRY_DAYS);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null
                ? ""
                : String.valueOf(e.awsErrorDetails().errorCode());
    }
}
