package io.mlsteps.contract.steps;

import io.mlsteps.contract.ArgumentException;
import io.mlsteps.contract.StepInfo;
import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.Binder;
import io.mlsteps.contract.bind.JsonText;
import io.mlsteps.contract.bind.RecordSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The eight steps in pipeline order, by their Jenkinsfile name, with their request types: the one list every
 * front end and the engine go by.
 */
public final class Steps {
    private static final List<Class<? extends StepRequest>> REQUESTS = List.of(
            ValidateDataRequest.class, TrainModelRequest.class, EvaluateModelRequest.class,
            CompareToBaselineRequest.class, RegisterModelRequest.class, DeployModelRequest.class,
            CheckDriftRequest.class, PredictRequest.class);
    private static final Map<String, RecordSpec<? extends StepRequest>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Class<? extends StepRequest> type : REQUESTS) {
            RecordSpec<? extends StepRequest> spec = RecordSpec.of(type);
            BY_NAME.put(spec.step().orElseThrow().name(), spec);
        }
    }

    private Steps() {
    }

    /** The Jenkinsfile names, in pipeline order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** Every step's request spec, in pipeline order. */
    public static List<RecordSpec<? extends StepRequest>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The request spec of a step, if the name is one. */
    public static Optional<RecordSpec<? extends StepRequest>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The request spec of a step; an unknown name is an error listing the steps. */
    public static RecordSpec<? extends StepRequest> spec(String name) {
        return find(name).orElseThrow(() -> new ArgumentException(null, "unknown step '" + name
                + "'; expected one of " + String.join(", ", names())));
    }

    /** The step's name, command, title and summary. */
    public static StepInfo info(String name) {
        return spec(name).step().orElseThrow();
    }

    /** The spec of a request type. */
    public static <Q extends StepRequest> RecordSpec<Q> spec(Class<Q> type) {
        return RecordSpec.of(type);
    }

    /**
     * The {@code request.json} text of a step's raw arguments, as every front end writes it: schemaVersion first,
     * then the canonical arguments. The request is bound too, so every rule of the record is checked first.
     *
     * @throws ArgumentException naming the argument at fault
     */
    public static String requestJson(String step, Map<String, ?> raw) {
        RecordSpec<? extends StepRequest> spec = spec(step);
        Map<String, Object> canonical = Binder.canonical(spec, raw);
        Binder.construct(spec, canonical);
        return requestJson(canonical);
    }

    /**
     * Refuses the command line's text forms in a Jenkinsfile: a list written {@code 'a, b'} or a map written
     * {@code 'name=value'}. Jenkins binds Pipeline arguments to the plugin's list and map properties only in the
     * Groovy forms, so a Jenkinsfile that passes the local runner must use them too.
     *
     * @throws ArgumentException naming the argument and the form to write
     */
    public static void requirePipelineForms(String step, Map<String, ?> raw) {
        RecordSpec<? extends StepRequest> spec = spec(step);
        raw.forEach((name, value) -> spec.arg(name).ifPresent(arg -> {
            if (value instanceof CharSequence text && (arg.kind() == ArgKind.LIST || arg.kind() == ArgKind.MAP)) {
                String example = arg.kind() == ArgKind.LIST ? "['a', 'b']" : "[name: value]";
                throw new ArgumentException(name, "is '" + text + "' (text); in a Jenkinsfile write a "
                        + (arg.kind() == ArgKind.LIST ? "list" : "map") + " such as " + example
                        + ", as Jenkins binds it (the comma text is the command line's form)");
            }
        }));
    }

    /** The {@code request.json} text of a canonical request. */
    public static String requestJson(Map<String, Object> canonical) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemaVersion", Binder.SCHEMA_VERSION);
        document.putAll(canonical);
        return JsonText.write(document);
    }

    /** A step's request from raw arguments, e.g. {@code Steps.request(TrainModelRequest.class, Map.of(...))}. */
    public static <Q extends StepRequest> Q request(Class<Q> type, Map<String, ?> raw) {
        return Binder.bind(RecordSpec.of(type), raw);
    }

    /** A copy of a request with some arguments changed. */
    @SuppressWarnings("unchecked")
    public static <Q extends StepRequest> Q with(Q request, Map<String, ?> changes) {
        return Binder.with(RecordSpec.of((Class<Q>) request.getClass()), request, changes);
    }

    /** The arguments a pipeline front end handles itself ({@code failOnError}, {@code runDir}, {@code jvmOptions}). */
    public static RecordSpec<ExecutionArgs> execution() {
        return RecordSpec.of(ExecutionArgs.class);
    }

    /** The front end's own arguments when none is given: their declared defaults. */
    public static ExecutionArgs defaultExecution() {
        return Binder.bind(execution(), Map.of());
    }

    /**
     * Splits raw pipeline arguments into the front end's own ({@link ExecutionArgs}) and the step's; {@code raw}
     * keeps the step's.
     */
    public static ExecutionArgs takeExecutionArgs(Map<String, Object> raw) {
        Map<String, Object> own = new LinkedHashMap<>();
        for (String name : execution().names()) {
            if (raw.containsKey(name)) {
                own.put(name, raw.remove(name));
            }
        }
        return Binder.bind(execution(), own);
    }
}
