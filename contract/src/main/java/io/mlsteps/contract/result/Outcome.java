package io.mlsteps.contract.result;

import java.util.ArrayList;
import java.util.List;

/**
 * What a finished step does to a pipeline, decided the same way by every front end: a mark on the stage, a
 * mark on the whole build (which only ever gets worse), and whether the step itself fails (an error in the
 * pipeline, unless {@code failOnError: false}). The rules are {@link Criticality}'s table; the step's own
 * status (its CLI exit code) is the floor, so an outcome can never be better than the result says.
 *
 * @param stage   the stage's mark (FAILURE also when the step fails)
 * @param build   the mark to merge into the build result
 * @param failsStep whether the step ends with an error
 * @param message a sentence for the log and the stage: the step, its verdict and up to five reasons
 */
public record Outcome(Mark stage, Mark build, boolean failsStep, String message) {
    /** A result level; NONE leaves things as they are. */
    public enum Mark {
        NONE, UNSTABLE, FAILURE;

        public Mark worst(Mark other) {
            return other.ordinal() > ordinal() ? other : this;
        }

        /** The stage result a Jenkinsfile sees: SUCCESS, UNSTABLE or FAILURE. */
        public String result() {
            return this == NONE ? "SUCCESS" : name();
        }
    }

    private static final int MAX_REASONS = 5;

    /**
     * Decides the outcome of a step that wrote its result.
     *
     * @param step        the step's function name
     * @param result      the result
     * @param failOnError whether ERROR/FAILURE checks fail the step (the default) or only mark the stage
     */
    public static Outcome of(String step, StepResult result, boolean failOnError) {
        return of(step, result, result.getStatus().exitCode(), failOnError);
    }

    /**
     * As {@link #of(String, StepResult, boolean)} for a step run in another process: its exit code (0, 1 or 2)
     * is a floor too, in case the result was written by an engine that knows more checks than this contract.
     */
    public static Outcome of(String step, StepResult result, int exitCode, boolean failOnError) {
        StepStatus floor = result.getStatus();
        for (StepStatus s : StepStatus.values()) {
            if (s.exitCode() == exitCode) {
                floor = floor.combine(s);
            }
        }
        Mark stage = Mark.NONE;
        Mark build = Mark.NONE;
        for (Check check : result.failedChecks()) {
            if (check.criticality() != null) {
                stage = stage.worst(check.criticality().stageMark());
                build = build.worst(check.criticality().buildMark());
            }
        }
        // the status is the floor: a result whose checks were cut short still says what it was
        if (floor == StepStatus.FAILURE && stage != Mark.FAILURE) {
            stage = Mark.FAILURE;
            build = Mark.FAILURE;
        } else if (floor == StepStatus.UNSTABLE && stage == Mark.NONE) {
            stage = Mark.UNSTABLE;
            build = build.worst(Mark.UNSTABLE);
        }
        boolean hard = stage == Mark.FAILURE;
        String verdict = hard ? "FAILURE" : stage == Mark.NONE ? "SUCCESS" : "UNSTABLE";
        return new Outcome(stage, build, hard && failOnError, message(step, verdict, result));
    }

    /**
     * The outcome of a step that ended without a usable result (a usage or input error, exit 3, or an internal
     * error, exit 4): the step fails whatever {@code failOnError} says.
     */
    public static Outcome withoutResult(String step, int exitCode, boolean wroteResult) {
        String reason = switch (exitCode) {
            case 3 -> "usage or input error (exit code 3); the engine's message above names the argument or file";
            case 4 -> "internal error of the engine (exit code 4); see the log above";
            default -> wroteResult ? "the engine ended with exit code " + exitCode
                    : "the engine ended with exit code " + exitCode + " without writing result.json; see the log above";
        };
        return new Outcome(Mark.FAILURE, Mark.NONE, true, step + ": " + reason);
    }

    /** The stage result a Jenkinsfile sees ({@code stageResult}): SUCCESS, UNSTABLE or FAILURE. */
    public String stageResult() {
        return stage.result();
    }

    private static String message(String step, String verdict, StepResult result) {
        List<String> reasons = new ArrayList<>();
        for (Check check : result.failedChecks()) {
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
        sb.append(" - ").append(String.join("; ", reasons.subList(0, Math.min(MAX_REASONS, reasons.size()))));
        if (reasons.size() > MAX_REASONS) {
            sb.append("; and ").append(reasons.size() - MAX_REASONS).append(" more (see the report)");
        }
        return sb.toString();
    }
}
