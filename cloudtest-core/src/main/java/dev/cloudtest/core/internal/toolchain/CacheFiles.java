package dev.cloudtest.core.internal.toolchain;

import dev.cloudtest.core.internal.Loggers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;

/**
 * Entries of the toolchain cache ({@code cloudtest.toolchain.cache}: lint results, SAM expansions, moto's types):
 * named by a content key, and written whole or not at all, so that builds sharing the cache never read half an entry.
 */
public final class CacheFiles {
    private static final Logger LOG = Loggers.get(CacheFiles.class);

    private CacheFiles() {}

    /** Writes an entry's content to a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    /**
     * The first 32 hex digits of the SHA-256 of the parts, each followed by a zero byte (so that no two lists of parts
     * run together into the same bytes).
     */
    public static String key(List<byte[]> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #key(List)} of text parts, as UTF-8. */
    public static String key(String... parts) {
        return key(java.util.Arrays.stream(parts)
                .map(p -> p.getBytes(StandardCharsets.UTF_8))
                .toList());
    }

    /**
     * Writes the entry through a temporary file beside it and an atomic move. A cache that cannot be written only
     * costs the next run the work again: the failure is logged at debug level and leaves neither entry nor temporary
     * file.
     */
    public static void write(Path file, Content content) {
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            content.writeTo(temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("cloudtest: cannot write the cache entry {}: {}", file, e.getMessage());
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // nothing more to do: the next run writes the entry again
                }
            }
        }
    }
}
