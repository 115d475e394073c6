package io.mlsteps.cli.runner;

/**
 * Line numbers of the Jenkinsfile at run time. The Jenkinsfile is compiled as the class
 * {@value #SCRIPT_CLASS} (the name Jenkins uses too), so its frames in a stack trace carry its lines.
 */
final class Lines {
    static final String SCRIPT_CLASS = "WorkflowScript";

    private Lines() {
    }

    /** The Jenkinsfile line currently executing in this thread, or -1. */
    static int callerLine() {
        return lineOf(new Throwable());
    }

    /** The innermost Jenkinsfile line in a throwable's stack trace (or its causes'), or -1. */
    static int lineOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String cls = frame.getClassName();
                if ((cls.equals(SCRIPT_CLASS) || cls.startsWith(SCRIPT_CLASS + "$")) && frame.getLineNumber() > 0) {
                    return frame.getLineNumber();
                }
            }
        }
        return -1;
    }
}
