package io.mlsteps.contract;

/**
 * A step argument that is missing, unknown or of the wrong kind. The message names the argument (with its path
 * inside a nested value, e.g. {@code qualityGates[1].threshold}), what was given and what was expected; every
 * front end shows it as is (the CLI exits 3).
 */
public class ArgumentException extends IllegalArgumentException {
    private final String argument;
    private final String problem;

    public ArgumentException(String argument, String problem) {
        super(argument == null ? problem
                : "argument '" + argument + "'" + (problem.startsWith("is ") ? " " : ": ") + problem);
        this.argument = argument;
        this.problem = problem;
    }

    /** The argument at fault, e.g. {@code seed} or {@code qualityGates[0].metric}. */
    public String argument() {
        return argument;
    }

    /** What is wrong, without the argument's name. */
    public String problem() {
        return problem;
    }

    /** The same problem one level further out, e.g. {@code threshold} inside {@code qualityGates[1]}. */
    public ArgumentException within(String outer) {
        String bare = outer.endsWith(".") ? outer.substring(0, outer.length() - 1) : outer;
        ArgumentException e = new ArgumentException(argument == null ? bare : outer + argument, problem);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
