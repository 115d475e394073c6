package io.mlsteps.spark;

import io.mlsteps.util.InputException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.message.Message;

/**
 * Drops Spark's log lines that carry one of the engine's input errors (a row the model cannot read, a malformed
 * record): the step reports that error once, naming file, line and column (exit 3), and Spark's "Aborting task"
 * with its stack trace above it would only bury the message. The other tasks of that stage, killed because of it,
 * log their own "Aborting task" with a {@code TaskKilledException}: dropped too. Other errors are logged as Spark
 * logs them.
 */
final class InputErrorLogFilter extends AbstractFilter {
    /** How deep a cause chain is searched (Spark wraps a task's failure a few times). */
    private static final int MAX_CAUSES = 16;

    private InputErrorLogFilter() {
        super(Result.DENY, Result.NEUTRAL);
    }

    /** Installs the filter for the whole logging context, once; nothing when Spark logs through another backend. */
    static synchronized void install() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return;
        }
        var config = context.getConfiguration();
        if (config.getFilter() instanceof InputErrorLogFilter) {
            return;
        }
        config.addFilter(new InputErrorLogFilter());
        context.updateLoggers();
    }

    static boolean carriesInputError(Throwable thrown) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++) {
            if (t instanceof InputException || t instanceof org.apache.spark.TaskKilledException) {
                return true;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    private Result of(Throwable thrown) {
        return carriesInputError(thrown) ? onMatch : onMismatch;
    }

    @Override
    public Result filter(LogEvent event) {
        return of(event.getThrown());
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Message msg, Throwable t) {
        return of(t != null ? t : msg == null ? null : msg.getThrowable());
    }

    @Override
    public Result filter(Logger logger, Level level, Marker marker, Object msg, Throwable t) {
        return of(t);
    }
}
