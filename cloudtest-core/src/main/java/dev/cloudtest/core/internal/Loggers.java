package dev.cloudtest.core.internal;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

/**
 * cloudtest's loggers: SLF4J's, or — when the application has no SLF4J provider, as a new project does not — a small
 * fallback that writes cloudtest's progress lines, warnings and errors to standard error, so that a run is never
 * silent. With a provider, everything goes through it as configured; the fallback is then never created.
 *
 * <p>{@link ConsoleLogger} is the one place in cloudtest's library code that writes to a standard stream
 * ({@code ArchitectureTest} allows it and nothing else).
 */
public final class Loggers {
    private Loggers() {}

    /** The logger for a class: SLF4J's when a provider is bound, else the console fallback. */
    public static Logger get(Class<?> type) {
        Logger logger = LoggerFactory.getLogger(type);
        return providerMissing() ? new ConsoleLogger(type.getName()) : logger;
    }

    /** Whether SLF4J found no provider and discards everything (its NOP logger factory). */
    static boolean providerMissing() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory.getClass().getName().equals("org.slf4j.helpers.NOPLoggerFactory");
    }

    /**
     * Writes INFO, WARN and ERROR to standard error, one line each ({@code cloudtest: ...}, {@code WARN cloudtest: ...}); DEBUG and TRACE are
     * dropped. {@link MarkerIgnoringBase} exists in SLF4J 1.7 and 2.x alike, so this works with either API on the
     * class path.
     */
    static final class ConsoleLogger extends MarkerIgnoringBase {
        private static final long serialVersionUID = 1L;

        ConsoleLogger(String name) {
            this.name = name;
        }

        private static void print(String level, String message, Throwable error) {
            // cloudtest's messages start with "cloudtest: " already; warnings and errors say so in front.
            StringBuilder line = new StringBuilder(level.equals("INFO") ? "" : level + " ")
                    .append(message.startsWith("cloudtest") ? "" : "cloudtest: ")
                    .append(message);
            if (error != null) {
                line.append(" (").append(error).append(')');
            }
            System.err.println(line);
        }

        private static void printFormatted(String level, String format, Object... arguments) {
            var formatted = MessageFormatter.arrayFormat(format, arguments);
            print(level, formatted.getMessage(), formatted.getThrowable());
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public void trace(String msg) {}

        @Override
        public void trace(String format, Object arg) {}

        @Override
        public void trace(String format, Object arg1, Object arg2) {}

        @Override
        public void trace(String format, Object... arguments) {}

        @Override
        public void trace(String msg, Throwable t) {}

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(String msg) {}

        @Override
        public void debug(String format, Object arg) {}

        @Override
        public void debug(String format, Object arg1, Object arg2) {}

        @Override
        public void debug(String format, Object... arguments) {}

        @Override
        public void debug(String msg, Throwable t) {}

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public void info(String msg) {
            print("INFO", msg, (Throwable) null);
        }

        @Override
        public void info(String format, Object arg) {
            printFormatted("INFO", format, new Object[] {arg});
        }

        @Override
        public void info(String format, Object arg1, Object arg2) {
            printFormatted("INFO", format, new Object[] {arg1, arg2});
        }

        @Override
        public void info(String format, Object... arguments) {
            printFormatted("INFO", format, arguments);
        }

        @Override
        public void info(String msg, Throwable t) {
            print("INFO", msg, t);
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public void warn(String msg) {
            print("WARN", msg, (Throwable) null);
        }

        @Override
        public void warn(String format, Object arg) {
            printFormatted("WARN", format, new Object[] {arg});
        }

        @Override
        public void warn(String format, Object arg1, Object arg2) {
            printFormatted("WARN", format, new Object[] {arg1, arg2});
        }

        @Override
        public void warn(String format, Object... arguments) {
            printFormatted("WARN", format, arguments);
        }

        @Override
        public void warn(String msg, Throwable t) {
            print("WARN", msg, t);
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public void error(String msg) {
            print("ERROR", msg, (Throwable) null);
        }

        @Override
        public void error(String format, Object arg) {
            printFormatted("ERROR", format, new Object[] {arg});
        }

        @Override
        public void error(String format, Object arg1, Object arg2) {
            printFormatted("ERROR", format, new Object[] {arg1, arg2});
        }

        @Override
        public void error(String format, Object... arguments) {
            printFormatted("ERROR", format, arguments);
        }

        @Override
        public void error(String msg, Throwable t) {
            print("ERROR", msg, t);
        }
    }
}
