package io.mlsteps.cli.runner;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The declarative pipeline as data, and the builders the Jenkinsfile's closures delegate to while it is
 * being read ({@code pipeline { stages { stage('x') { steps { ... } } } }}). Step closures are kept, not
 * run: {@link DeclarativeRun} runs them with Jenkins' semantics afterwards. The structure itself was
 * validated before (see {@link DeclarativeValidator}), so the builders only record it.
 */
public final class Declarative {
    private Declarative() {
    }

    /** Runs a block closure against a builder, the builder answering first. */
    static void configure(Closure<?> block, Object builder) {
        Closure<?> copy = (Closure<?>) block.clone();
        copy.setDelegate(builder);
        copy.setResolveStrategy(Closure.DELEGATE_FIRST);
        copy.call();
    }

    // ---------------------------------------------------------------- model

    /**
     * The pipeline. Its parameters, options and triggers are kept as blocks and read when the build starts,
     * after the environment, as in Jenkins, so they may use its variables ({@code timeout(unit: "${UNIT}")}).
     */
    public static final class PipelineDef {
        String agent = "not declared";
        List<EnvEntry> environment;
        Closure<?> parametersBlock;
        Closure<?> optionsBlock;
        Closure<?> triggersBlock;
        final Map<String, Parameter> parameters = new LinkedHashMap<>();
        final OptionsDef options = new OptionsDef();
        final List<String> triggers = new ArrayList<>();
        final List<StageDef> stages = new ArrayList<>();
        final PostDef post = new PostDef();
    }

    public record Parameter(String type, String name, Object defaultValue, List<String> choices, String description) {
    }

    /**
     * A block-scoped option, applied around what it governs in the order written, as Jenkins' option wrappers:
     * {@code timeout} (milliseconds) or {@code retry} (attempts).
     */
    public record Wrapper(String name, long amount) {
    }

    public static final class OptionsDef {
        final List<Wrapper> wrappers = new ArrayList<>();
        boolean skipStagesAfterUnstable;
        boolean parallelsAlwaysFailFast;
        final List<String> noted = new ArrayList<>();
    }

    /** One {@code NAME = value} of an environment block; the value is evaluated when its block is entered. */
    public record EnvEntry(String name, Closure<?> value) {
    }

    public static final class StageDef {
        final String name;
        final int line;
        String agent;
        List<EnvEntry> environment;
        /** Read when the stage starts, within the environment around the stage (not the stage's own). */
        Closure<?> optionsBlock;
        final OptionsDef options = new OptionsDef();
        WhenDef when;
        Closure<?> steps;
        final List<StageDef> stages = new ArrayList<>();
        final List<StageDef> parallel = new ArrayList<>();
        boolean failFast;
        final PostDef post = new PostDef();

        StageDef(String name, int line) {
            this.name = name;
            this.line = line;
        }

        boolean isParallel() {
            return !parallel.isEmpty();
        }

        /** Reads the options block once, in the scope the stage starts in (a pipeline retry starts it again). */
        synchronized void readOptions() {
            if (optionsBlock != null) {
                configure(optionsBlock, new OptionsBuilder(options));
                optionsBlock = null;
            }
        }
    }

    /**
     * A stage's {@code when}: all conditions must hold; {@code beforeOptions} evaluates it outside the options. As
     * in Jenkins the conditions are made when they are evaluated, so their arguments see the environment of that
     * moment ({@code equals expected: 'yes', actual: env.DEPLOY} with DEPLOY from the pipeline's environment).
     */
    public static final class WhenDef {
        final Closure<?> block;
        boolean beforeOptions;
        boolean beforeAgent;
        boolean beforeInput;

        WhenDef(Closure<?> block) {
            this.block = block;
        }

        /** The conditions, made now. */
        List<Condition> conditions() {
            List<Condition> conditions = new ArrayList<>();
            configure(block, new WhenBuilder(conditions, new WhenDef(block)));
            return conditions;
        }
    }

    /** A when condition; evaluated when its stage starts. */
    public interface Condition {
        boolean test(PipelineExecutor executor);

        String describe();
    }

    /** Post conditions by name (the validator refused duplicates); run in Jenkins' order by {@link DeclarativeRun}. */
    public static final class PostDef {
        final Map<String, Closure<?>> conditions = new LinkedHashMap<>();
    }

    // ---------------------------------------------------------------- builders

    /** Delegate of {@code pipeline { }}. */
    public static final class PipelineBuilder extends GroovyObjectSupport {
        final PipelineDef def = new PipelineDef();

        public String getAny() {
            return "any";
        }

        public String getNone() {
            return "none";
        }

        public PipelineBuilder agent(Object value) {
            def.agent = String.valueOf(value);
            return this;
        }

        public PipelineBuilder agent(Closure<?> block) {
            def.agent = "custom agent block";
            return this;
        }

        public PipelineBuilder environment(Closure<?> block) {
            def.environment = EnvironmentBuilder.entries(block);
            return this;
        }

        public PipelineBuilder parameters(Closure<?> block) {
            def.parametersBlock = block;
            return this;
        }

        public PipelineBuilder options(Closure<?> block) {
            def.optionsBlock = block;
            return this;
        }

        public PipelineBuilder triggers(Closure<?> block) {
            def.triggersBlock = block;
            return this;
        }

        public PipelineBuilder stages(Closure<?> block) {
            configure(block, new StagesBuilder(def.stages));
            return this;
        }

        public PipelineBuilder post(Closure<?> block) {
            configure(block, new PostBuilder(def.post));
            return this;
        }
    }

    public static final class ParametersBuilder extends GroovyObjectSupport {
        private final Map<String, Parameter> parameters;
        private final EnvironmentResolver environment;

        /** {@code environment}: the pipeline's environment block, whose variables the parameters may use. */
        ParametersBuilder(Map<String, Parameter> parameters, EnvironmentResolver environment) {
            this.parameters = parameters;
            this.environment = environment;
        }

        public Object propertyMissing(String name) {
            if (environment != null && environment.declares(name)) {
                return environment.valueOf(name);
            }
            throw new groovy.lang.MissingPropertyException(name, ParametersBuilder.class);
        }

        private void add(String type, Map<String, Object> args, Object fallbackDefault) {
            Object name = args.get("name");
            if (name == null) {
                throw new PipelineError(type + " parameter without a name");
            }
            Object dflt = args.getOrDefault("defaultValue", fallbackDefault);
            List<String> choices = null;
            if (type.equals("choice")) {
                Object c = args.get("choices");
                choices = new ArrayList<>();
                if (c instanceof List<?> list) {
                    for (Object x : list) {
                        choices.add(String.valueOf(x));
                    }
                } else if (c != null) {
                    for (String x : String.valueOf(c).split("\n")) {
                        choices.add(x.trim());
                    }
                }
                dflt = choices.isEmpty() ? "" : choices.get(0);
            }
            String key = String.valueOf(name);
            parameters.put(key, new Parameter(type, key, type.equals("booleanParam") ? Boolean.valueOf(String.valueOf(dflt))
                    : dflt == null ? "" : String.valueOf(dflt), choices,
                    args.get("description") == null ? "" : String.valueOf(args.get("description"))));
        }

        public ParametersBuilder string(Map<String, Object> args) {
            add("string", args, "");
            return this;
        }

        public ParametersBuilder text(Map<String, Object> args) {
            add("text", args, "");
            return this;
        }

        public ParametersBuilder password(Map<String, Object> args) {
            add("password", args, "");
            return this;
        }

        public ParametersBuilder booleanParam(Map<String, Object> args) {
            add("booleanParam", args, false);
            return this;
        }

        public ParametersBuilder choice(Map<String, Object> args) {
            add("choice", args, "");
            return this;
        }
    }

    /**
     * Delegate of {@code options { }}: timeout and retry wrap what they govern, skipStagesAfterUnstable and
     * parallelsAlwaysFailFast are honoured, the rest noted as without effect here.
     */
    public static final class OptionsBuilder extends GroovyObjectSupport {
        private final OptionsDef options;

        OptionsBuilder(OptionsDef options) {
            this.options = options;
        }

        public void timeout(Map<String, Object> args) {
            options.wrappers.add(new Wrapper("timeout", Steps.timeoutMillis(args)));
            if (args.containsKey("activity")) {
                options.noted.add("timeout's activity");
            }
        }

        public void timeout(Number minutes) {
            options.wrappers.add(new Wrapper("timeout", TimeUnit.MINUTES.toMillis(minutes.longValue())));
        }

        public void retry(Number count) {
            options.wrappers.add(new Wrapper("retry", Math.max(1, count.intValue())));
        }

        public void retry(Map<String, Object> args) {
            retry((Number) args.get("count"));
            if (args.containsKey("conditions")) {
                options.noted.add("retry's conditions");
            }
        }

        public void skipStagesAfterUnstable(Object... ignored) {
            options.skipStagesAfterUnstable = true;
        }

        public void parallelsAlwaysFailFast(Object... ignored) {
            options.parallelsAlwaysFailFast = true;
        }

        /** Options without an effect on a local run (the validator lists which these are). */
        public Object methodMissing(String name, Object args) {
            options.noted.add(name);
            return name;
        }

        public Object logRotator(Object... a) {
            return "logRotator";
        }
    }

    /** Delegate of {@code triggers { }}: a local run is started by hand, so triggers are only noted. */
    public static final class TriggersBuilder extends GroovyObjectSupport {
        private final List<String> triggers;

        TriggersBuilder(List<String> triggers) {
            this.triggers = triggers;
        }

        public Object methodMissing(String name, Object args) {
            Object[] values = args instanceof Object[] a ? a : new Object[] {args};
            triggers.add(name + "(" + (values.length == 1 ? "'" + values[0] + "'" : List.of(values)) + ")");
            return this;
        }
    }

    /** Delegate of {@code stages { }} and of a stage's {@code parallel { }}. */
    public static final class StagesBuilder {
        private final List<StageDef> stages;

        StagesBuilder(List<StageDef> stages) {
            this.stages = stages;
        }

        public StagesBuilder stage(Object name, Closure<?> block) {
            StageDef stage = new StageDef(String.valueOf(name), Lines.callerLine());
            configure(block, new StageBuilder(stage));
            stages.add(stage);
            return this;
        }
    }

    /** Delegate of {@code stage('name') { }}. */
    public static final class StageBuilder extends GroovyObjectSupport {
        private final StageDef stage;

        StageBuilder(StageDef stage) {
            this.stage = stage;
        }

        public String getAny() {
            return "any";
        }

        public String getNone() {
            return "none";
        }

        public StageBuilder agent(Object value) {
            stage.agent = String.valueOf(value);
            return this;
        }

        public StageBuilder agent(Closure<?> block) {
            stage.agent = "custom agent block";
            return this;
        }

        public StageBuilder environment(Closure<?> block) {
            stage.environment = EnvironmentBuilder.entries(block);
            return this;
        }

        public StageBuilder options(Closure<?> block) {
            stage.optionsBlock = block;
            return this;
        }

        public StageBuilder when(Closure<?> block) {
            stage.when = new WhenDef(block);
            // read once now for the before* flags (literal booleans); the conditions are made when evaluated
            configure(block, new WhenBuilder(new ArrayList<>(), stage.when));
            return this;
        }

        public StageBuilder steps(Closure<?> block) {
            stage.steps = block;
            return this;
        }

        public StageBuilder stages(Closure<?> block) {
            configure(block, new StagesBuilder(stage.stages));
            return this;
        }

        public StageBuilder parallel(Closure<?> block) {
            configure(block, new StagesBuilder(stage.parallel));
            return this;
        }

        public StageBuilder failFast(boolean value) {
            stage.failFast = value;
            return this;
        }

        public StageBuilder post(Closure<?> block) {
            configure(block, new PostBuilder(stage.post));
            return this;
        }
    }

    /** Delegate of {@code when { }} and of its not/allOf/anyOf; several conditions all have to hold. */
    public static final class WhenBuilder {
        private final List<Condition> conditions;
        private final WhenDef when;

        WhenBuilder(List<Condition> conditions, WhenDef when) {
            this.conditions = conditions;
            this.when = when;
        }

        private WhenBuilder add(String description, java.util.function.Predicate<PipelineExecutor> test) {
            conditions.add(new Condition() {
                @Override
                public boolean test(PipelineExecutor executor) {
                    return test.test(executor);
                }

                @Override
                public String describe() {
                    return description;
                }
            });
            return this;
        }

        public WhenBuilder branch(Object pattern) {
            Map<String, Object> args = new java.util.HashMap<>();
            args.put("pattern", pattern);
            return branch(args);
        }

        /**
         * Jenkins' {@code BranchConditional}: BRANCH_NAME (else GIT_LOCAL_BRANCH) against the pattern, by the
         * comparator GLOB (Ant-style, ignoring case; the default, also for an unknown comparator), REGEXP (the
         * whole name) or EQUALS.
         */
        public WhenBuilder branch(Map<String, Object> args) {
            String pattern = args.get("pattern") == null ? null : String.valueOf(args.get("pattern"));
            String comparator = comparator(args.get("comparator"));
            if (comparator.equals("REGEXP") && pattern != null) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new PipelineError("when { branch }: '" + pattern + "' is not a valid regular expression: "
                            + e.getDescription());
                }
            }
            return add("branch " + (comparator.equals("GLOB") ? "" : comparator + " ") + "'" + pattern + "'", executor -> {
                String branch = executor.env("BRANCH_NAME");
                if (branch == null || branch.isEmpty()) {
                    branch = executor.env("GIT_LOCAL_BRANCH");
                }
                return matches(comparator, pattern, branch);
            });
        }

        static String comparator(Object name) {
            String c = name == null ? "" : String.valueOf(name).toUpperCase(Locale.ROOT);
            return c.equals("REGEXP") || c.equals("EQUALS") ? c : "GLOB";
        }

        static boolean matches(String comparator, String pattern, String actual) {
            boolean noPattern = pattern == null || pattern.isEmpty();
            boolean noActual = actual == null || actual.isEmpty();
            if (noPattern || noActual) {
                return noPattern && noActual;
            }
            return switch (comparator) {
                case "REGEXP" -> actual.matches(pattern);
                case "EQUALS" -> actual.equals(pattern);
                default -> Steps.antMatches(pattern, actual, false);
            };
        }

        /** Jenkins' {@code EnvironmentConditional}: equal (or equal ignoring case); unset and '' match each other. */
        public WhenBuilder environment(Map<String, Object> args) {
            String name = String.valueOf(args.get("name"));
            String value = args.get("value") == null ? null : String.valueOf(args.get("value"));
            boolean ignoreCase = args.get("ignoreCase") != null
                    && DefaultTypeTransformation.castToBoolean(args.get("ignoreCase"));
            return add("environment " + name + " == '" + value + "'" + (ignoreCase ? " (ignoring case)" : ""), executor -> {
                String actual = executor.env(name);
                if ((actual == null || actual.isEmpty()) && (value == null || value.isEmpty())) {
                    return true;
                }
                if (actual == null || actual.isEmpty()) {
                    return false;
                }
                return ignoreCase ? actual.equalsIgnoreCase(value) : actual.equals(value);
            });
        }

        /** Jenkins' {@code EqualsConditional}: {@code expected == actual} as Groovy compares ("2" equals "${2}"). */
        public WhenBuilder whenEquals(Map<String, Object> args) {
            Object expected = args.get("expected");
            Object actual = args.get("actual");
            return add("equals expected: '" + expected + "', actual: '" + actual + "'",
                    executor -> DefaultTypeTransformation.compareEqual(expected, actual));
        }

        public WhenBuilder expression(Closure<?> body) {
            int line = Lines.callerLine();
            return add("expression (line " + line + ")",
                    executor -> DefaultTypeTransformation.castToBoolean(executor.callBody(body)));
        }

        public WhenBuilder not(Closure<?> block) {
            List<Condition> inner = nested(block);
            return add("not(" + describeAll(inner, " and ") + ")", executor -> !inner.stream().allMatch(c -> c.test(executor)));
        }

        public WhenBuilder allOf(Closure<?> block) {
            List<Condition> inner = nested(block);
            return add("allOf(" + describeAll(inner, ", ") + ")", executor -> inner.stream().allMatch(c -> c.test(executor)));
        }

        public WhenBuilder anyOf(Closure<?> block) {
            List<Condition> inner = nested(block);
            return add("anyOf(" + describeAll(inner, ", ") + ")", executor -> inner.stream().anyMatch(c -> c.test(executor)));
        }

        private List<Condition> nested(Closure<?> block) {
            List<Condition> inner = new ArrayList<>();
            configure(block, new WhenBuilder(inner, when));
            return inner;
        }

        /** Agents are not allocated locally, so evaluating before or after them is the same. */
        public WhenBuilder beforeAgent(boolean value) {
            when.beforeAgent = value;
            return this;
        }

        /** Evaluates the condition before the stage's options (timeout, retry) apply. */
        public WhenBuilder beforeOptions(boolean value) {
            when.beforeOptions = value;
            return this;
        }

        public WhenBuilder beforeInput(boolean value) {
            when.beforeInput = value;
            return this;
        }
    }

    static String describeAll(List<Condition> conditions, String separator) {
        return String.join(separator, conditions.stream().map(Condition::describe).toList());
    }

    /** Delegate of {@code post { }}: every condition name the validator accepted, with its block. */
    public static final class PostBuilder extends GroovyObjectSupport {
        private final PostDef post;

        PostBuilder(PostDef post) {
            this.post = post;
        }

        public Object methodMissing(String name, Object args) {
            Object[] values = args instanceof Object[] a ? a : new Object[] {args};
            if (values.length != 1 || !(values[0] instanceof Closure<?> body)) {
                throw new PipelineError("post " + name + ": expected a block");
            }
            post.conditions.put(name, body);
            return this;
        }
    }

    /**
     * Delegate of an {@code environment { }} block after {@link DeclarativeTransform} turned each
     * {@code NAME = value} into {@code declare('NAME') { value }}: records the entries, in order.
     */
    public static final class EnvironmentBuilder {
        private final List<EnvEntry> entries = new ArrayList<>();

        static List<EnvEntry> entries(Closure<?> block) {
            EnvironmentBuilder builder = new EnvironmentBuilder();
            configure(block, builder);
            return builder.entries;
        }

        public void declare(String name, Closure<?> value) {
            entries.add(new EnvEntry(name, value));
        }
    }
}
