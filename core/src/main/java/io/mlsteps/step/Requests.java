package io.mlsteps.step;

import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.steps.StepRequest;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.util.InputException;
import io.mlsteps.util.Json;

import java.nio.file.Path;
import java.util.Map;

/**
 * Requests as the engine receives them, through the contract's binder: from a {@code request.json} or from
 * raw arguments, with argument errors as {@link InputException}s (the CLI's exit 3); and checks on request
 * arguments shared by all steps, so every front end gets the same messages.
 */
public final class Requests {
    private Requests() {
    }

    /** Reads a {@code request.json}: a JSON object of the step's arguments, bound by the contract. */
    public static <Q extends StepRequest> Q read(Path requestJson, Class<Q> type) {
        Map<String, Object> raw = Json.readObject(requestJson);
        try {
            return Steps.request(type, raw);
        } catch (ArgumentException e) {
            throw new InputException(requestJson.toString(), e.getMessage());
        }
    }

    /** Binds raw arguments (a Jenkinsfile's map, the CLI's options) to a request. */
    public static <Q extends StepRequest> Q bind(Class<Q> type, Map<String, ?> raw) {
        try {
            return Steps.request(type, raw);
        } catch (ArgumentException e) {
            throw input(e);
        }
    }

    /** Binds raw arguments to any contract record (e.g. the reading options of a command that is not a step). */
    public static <R> R bindRecord(Class<R> type, Map<String, ?> raw) {
        try {
            return io.mlsteps.contract.bind.Binder.bind(io.mlsteps.contract.bind.RecordSpec.of(type), raw);
        } catch (ArgumentException e) {
            throw input(e);
        }
    }

    /** The contract's argument error as the engine's input error (the CLI's exit 3). */
    public static InputException input(ArgumentException e) {
        return new InputException(e.argument(), e.problem());
    }

    /** Returns the value, or fails with an input error naming the argument and what it should hold. */
    public static <T> T require(T value, String argument, String what) {
        if (value == null || (value instanceof String s && s.isBlank())
                || (value instanceof java.util.Collection<?> c && c.isEmpty())) {
            throw new InputException(argument, "is required: " + what);
        }
        return value;
    }
}
