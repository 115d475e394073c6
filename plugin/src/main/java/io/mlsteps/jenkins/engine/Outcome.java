package io.mlsteps.jenkins.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a finished engine run does to Jenkins: a mark on the stage (a {@code WarningAction}), a mark on the
 * whole build ({@code Run.setResult}, which only ever makes it worse), and whether the step itself fails
 * (an {@code AbortException} with {@link #message()}).
 *
 * <p>The rules, in the vocabulary of the coverage and warnings-ng plugins: a failed or inconclusive check of
 * criticality NOTE marks the stage UNSTABLE; UNSTABLE marks the stage and the build UNSTABLE; ERROR fails the
 * step; FAILURE fails the step and marks the build FAILURE. With {@code failOnError: false} the step does not
 * fail: the stage is marked FAILURE instead (and FAILURE still marks the build). A run that wrote no result
 * (usage or input error, internal error) always fails the step.
 *
 * @param stage   the result for the stage's WarningAction
 * @param build   the result to merge into the build
 * @param abort   whether the step fails with an exception
 * @param message a sentence for the log, the WarningAction and the exception
 */
public record Outcome(Mark stage, Mark build, boolean abort, String message) {
    /** A result level; NONE leaves things as they are. */
    public enum Mark {
        NONE, UNSTABLE, FAILURE;

        Mark worst(Mark other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    private static final int MAX_REASONS = 5;

    /**
     * Decides the outcome of one engine run.
     *
     * @param step        the step's function name
     * @param result      the parsed result.json, or null when the engine wrote none
     * @param exitCode    the child JVM's exit code (0 passed, 1 unstable, 2 failure, 3 input error, 4 internal error)
     * @param failOnError whether ERROR/FAILURE checks fail the step (the default) or only mark the stage
     */
    public static Outcome decide(String step, EngineResult result, int exitCode, boolean failOnError) {
        if (result == null || exitCode > 2 || exitCode < 0) {
            return new Outcome(Mark.NONE, Mark.NONE, true, step + ": " + exitReason(exitCode, result != null));
        }
        Mark stage = Mark.NONE;
        Mark build = Mark.NONE;
        boolean hard = false;
        for (EngineResult.Check check : result.failedChecks()) {
            String criticality = check.criticality() == null ? "" : check.criticality().toUpperCase(Locale.ROOT);
            switch (criticality) {
                case "NOTE" -> stage = stage.worst(Mark.UNSTABLE);
                case "UNSTABLE" -> {
                    stage = stage.worst(Mark.UNSTABLE);
                    build = build.worst(Mark.UNSTABLE);
                }
                case "ERROR" -> hard = true;
                case "FAILURE" -> {
                    hard = true;
                    build = Mark.FAILURE;
                }
                default -> {
                    // a check without criticality is informative only
                }
            }
        }
        // The engine's status (and exit code) is the floor, so a result can never pass with less than it says.
        String status = result.getStatus() == null ? "" : result.getStatus().toUpperCase(Locale.ROOT);
        if ((status.equals("FAILURE") || exitCode == 2) && !hard) {
            hard = true;
            build = Mark.FAILURE;
        }
        if ((status.equals("UNSTABLE") || exitCode == 1) && stage == Mark.NONE && !hard) {
            stage = Mark.UNSTABLE;
            build = build.worst(Mark.UNSTABLE);
        }
        boolean abort = hard && failOnError;
        if (hard && !failOnError) {
            stage = Mark.FAILURE;
        }
        String verdict = hard ? "FAILURE" : stage == Mark.NONE ? "SUCCESS" : "UNSTABLE";
        return new Outcome(stage, build, abort, message(step, verdict, result));
    }

    private static String exitReason(int exitCode, boolean hasResult) {
        return switch (exitCode) {
            case 3 -> "usage or input error (exit code 3); the engine's message above names the argument or file";
            case 4 -> "internal error of the engine (exit code 4); see the log above";
            default -> hasResult ? "the engine ended with exit code " + exitCode
                    : "the engine ended with exit code " + exitCode + " without writing result.json; see the log above";
        };
    }

    private static String message(String step, String verdict, EngineResult result) {
        List<String> reasons = new ArrayList<>();
        for (EngineResult.Check check : result.failedChecks()) {
            if (check.criticality() == null) {
                continue;
            }
            String text = check.message() != null ? check.message() : check.name() + " " + check.outcome();
            reasons.add(text + " [" + check.criticality() + "]");
        }
        StringBuilder sb = new StringBuilder(step).append(": ").append(verdict);
        if (reasons.isEmpty()) {
            if (result.getSummary() != null) {
                sb.append(" - ").append(result.getSummary());
            }
            return sb.toString();
        }
        sb.append(" - ");
        sb.append(String.join("; ", reasons.subList(0, Math.min(MAX_REASONS, reasons.size()))));
        if (reasons.size() > MAX_REASONS) {
            sb.append("; and ").append(reasons.size() - MAX_REASONS).append(" more (see the report)");
        }
        return sb.toString();
    }
}
