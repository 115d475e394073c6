package io.mlsteps.contract.steps;

import java.util.Map;
import java.util.Optional;

/**
 * The "last successful build" rule of compareToBaseline, the same in Jenkins and in the local runner:
 * {@code baseline: 'lastSuccessfulBuild'} or {@code previousResult: 'lastSuccessfulBuild'} hands the evaluation of
 * the newest earlier build of the same job that ended SUCCESS or UNSTABLE over as {@code previousResult}; with no
 * such build the baseline is missing and the step's {@code onMissingBaseline} decides. The front end supplies the
 * lookup through its own build history.
 */
public final class BaselineHandover {
    /** The word that asks for the hand-over. */
    public static final String LAST_SUCCESSFUL_BUILD = "lastSuccessfulBuild";

    /** An earlier build's evaluation: which build, and where its evaluateModel result is for this step. */
    public record Evaluation(String build, String path) {
    }

    /** Finds the evaluation of the newest earlier build of this job that ended SUCCESS or UNSTABLE. */
    @FunctionalInterface
    public interface Lookup {
        Optional<Evaluation> lastSuccessfulEvaluation() throws Exception;
    }

    private BaselineHandover() {
    }

    /** Whether a step's raw arguments ask for the hand-over. */
    public static boolean asked(String step, Map<String, ?> args) {
        return "compareToBaseline".equals(step) && (LAST_SUCCESSFUL_BUILD.equals(text(args.get("baseline")))
                || LAST_SUCCESSFUL_BUILD.equals(text(args.get("previousResult"))));
    }

    /**
     * Applies the rule to a step's raw arguments in place and says what it did, for the log; does nothing (and
     * returns empty) when the arguments do not ask for it.
     */
    public static Optional<String> apply(String step, Map<String, Object> args, Lookup lookup) throws Exception {
        if (!asked(step, args)) {
            return Optional.empty();
        }
        if (LAST_SUCCESSFUL_BUILD.equals(text(args.get("baseline")))) {
            args.remove("baseline");
        }
        args.remove("previousResult");
        Optional<Evaluation> found = lookup.lastSuccessfulEvaluation();
        if (found.isEmpty()) {
            return Optional.of("compareToBaseline: no earlier successful build evaluated a model; the baseline is "
                    + "missing (onMissingBaseline decides)");
        }
        args.put("previousResult", found.get().path());
        return Optional.of("compareToBaseline: the baseline is the evaluation of " + found.get().build()
                + " (" + found.get().path() + ")");
    }

    private static String text(Object value) {
        return value instanceof CharSequence s ? s.toString() : null;
    }
}
