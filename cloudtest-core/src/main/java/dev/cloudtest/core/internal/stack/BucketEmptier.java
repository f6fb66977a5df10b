package dev.cloudtest.core.internal.stack;

import dev.cloudtest.core.internal.Loggers;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Empties a bucket so that CloudFormation can delete it: every object version and delete marker, in batches of
 * 1 000 keys per {@code DeleteObjects} call.
 */
public final class BucketEmptier {
    private static final Logger LOG = Loggers.get(BucketEmptier.class);
    private static final int BATCH = 1000;

    private final S3Client s3;

    public BucketEmptier(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * Deletes every version and delete marker in the bucket.
     *
     * @return how many keys (versions and markers) were deleted; 0 when the bucket does not exist
     * @throws S3Exception when a delete fails (the message names the first failed key)
     */
    public int empty(String bucket) {
        int deleted = 0;
        try {
            // Versions and markers first (covers unversioned objects too: their version id is "null").
            String keyMarker = null;
            String versionMarker = null;
            do {
                final String km = keyMarker;
                final String vm = versionMarker;
                ListObjectVersionsResponse page = s3.listObjectVersions(
                        r -> r.bucket(bucket).maxKeys(BATCH).keyMarker(km).versionIdMarker(vm));
                List<ObjectIdentifier> ids = new ArrayList<>();
                page.versions()
                        .forEach(v -> ids.add(ObjectIdentifier.builder()
                                .key(v.key())
                                .versionId(v.versionId())
                                .build()));
                page.deleteMarkers()
                        .forEach(m -> ids.add(ObjectIdentifier.builder()
                                .key(m.key())
                                .versionId(m.versionId())
                                .build()));
                deleted += deleteBatch(bucket, ids);
                keyMarker = page.isTruncated() ? page.nextKeyMarker() : null;
                versionMarker = page.isTruncated() ? page.nextVersionIdMarker() : null;
            } while (keyMarker != null);
            // Some emulators list plain objects only through ListObjectsV2.
            while (true) {
                List<ObjectIdentifier> ids = new ArrayList<>();
                s3.listObjectsV2(r -> r.bucket(bucket).maxKeys(BATCH))
                        .contents()
                        .forEach(o ->
                                ids.add(ObjectIdentifier.builder().key(o.key()).build()));
                if (ids.isEmpty()) {
                    break;
                }
                deleted += deleteBatch(bucket, ids);
            }
        } catch (NoSuchBucketException e) {
            return deleted;
        }
        if (deleted > 0) {
            LOG.info("cloudtest: emptied bucket {} ({} object versions and delete markers)", bucket, deleted);
        }
        return deleted;
    }

    private int deleteBatch(String bucket, List<ObjectIdentifier> ids) {
        int deleted = 0;
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<ObjectIdentifier> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            DeleteObjectsResponse response = s3.deleteObjects(
                    r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var first = response.errors().get(0);
                throw S3Exception.builder()
                        .message("Cannot delete " + response.errors().size() + " objects from bucket " + bucket
                                + ", e.g. " + first.key() + " (" + first.code() + ": " + first.message() + ")")
                        .build();
            }
            deleted += batch.size();
        }
        return deleted;
    }
}
