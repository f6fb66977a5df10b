package dev.cloudtest.core.internal.target;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log of an emulator cloudtest started, read for the cause of an HTTP 500: moto answers an internal error page and
 * writes the Python traceback to its log, whose last line names what went wrong ({@code KeyError:
 * 'OrdersDeadLetters'}).
 */
public final class EmulatorLog {
    private static final Pattern EXCEPTION = Pattern.compile(
            "^([A-Za-z_][\\w.]*(?:Error|Exception|Exit|Interrupt|NotFound|Failure)\\w*)(?::\\s*(.*))?$");
    private static final Pattern FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+), in (\\S+)");

    private final Path file;

    public EmulatorLog(Path file) {
        this.file = file;
    }

    /** Where the log is. */
    public Path file() {
        return file;
    }

    /** The log's size now: what a later {@link #causeSince} reads from. */
    public long mark() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The last traceback logged since the mark, as one line: the exception, where in moto it was raised, and which of
     * the template's logical ids it names.
     */
    public Optional<String> causeSince(long mark, Collection<String> logicalIds) {
        // The server may answer before its log line is on disk: look for up to a second.
        for (int attempt = 0; attempt < 20; attempt++) {
            Optional<String> cause = parse(readFrom(mark), logicalIds);
            if (cause.isPresent()) {
                return cause;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    private Optional<String> parse(List<String> lines, Collection<String> logicalIds) {
        int traceback = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("Traceback (most recent call last)")) {
                traceback = i;
                break;
            }
        }
        if (traceback < 0) {
            return Optional.empty();
        }
        String exception = null;
        String frame = null;
        for (int i = traceback + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FRAME.matcher(line);
            if (f.find()) {
                String path = f.group(1);
                int moto = path.lastIndexOf("/moto/");
                frame = (moto >= 0 ? path.substring(moto + 1) : Path.of(path).getFileName()) + ":" + f.group(2) + " ("
                        + f.group(3) + ")";
                continue;
            }
            if (!line.startsWith(" ") && EXCEPTION.matcher(line).find()) {
                exception = line.strip();
                break;
            }
        }
        if (exception == null) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>();
        for (String id : logicalIds) {
            if (Pattern.compile("\\b" + Pattern.quote(id) + "\\b")
                    .matcher(exception)
                    .find()) {
                named.add(id);
            }
        }
        String cause = exception.length() > 400 ? exception.substring(0, 400) + "..." : exception;
        return Optional.of("moto logged " + cause + (frame == null ? "" : " at " + frame)
                + (named.isEmpty() ? "" : ", naming " + String.join(", ", named)) + " (its log: " + file + ")");
    }

    private List<String> readFrom(long mark) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.max(mark, length - 256 * 1024);
            if (start >= length) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
