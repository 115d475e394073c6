package io.mlsteps.step;

import io.mlsteps.util.InputException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every argument error of a request before a step reads any data, so the user sees them all at once:
 * {@link #check} runs one check and keeps its {@link InputException}; {@link #throwIfAny} throws one error that
 * lists each (or the only one unchanged).
 */
public final class ArgumentProblems {
    private final List<InputException> problems = new ArrayList<>();

    /** Runs a check; its input error is kept and null returned, else its value. */
    public <T> T check(Supplier<T> check) {
        try {
            return check.get();
        } catch (InputException e) {
            problems.add(e);
            return null;
        }
    }

    /** Runs a check that returns nothing. */
    public void check(Runnable check) {
        check(() -> {
            check.run();
            return null;
        });
    }

    /** Adds a problem of an argument. */
    public void add(String argument, String problem) {
        problems.add(new InputException(argument, problem));
    }

    public List<InputException> problems() {
        return List.copyOf(problems);
    }

    /** Throws the one problem, or one input error listing every problem, one per line; nothing when there is none. */
    public void throwIfAny() {
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder(problems.size() + " arguments are wrong:");
            problems.forEach(p -> message.append("\n  ").append(p.getMessage()));
            throw new InputException(null, message.toString());
        }
    }
}
