package io.mlsteps.cli.runner;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The declarative pipeline as data, and the builders the Jenkinsfile's closures delegate to while it is
 * being read ({@code pipeline { stages { stage('x') { steps { ... } } } }}). Step closures are kept, not
 * run: {@link PipelineExecutor} runs them with Jenkins' semantics afterwards.
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

    public static final class PipelineDef {
        String agent = "not declared";
        Closure<?> environment;
        final Map<String, Parameter> parameters = new LinkedHashMap<>();
        final OptionsDef options = new OptionsDef();
        final List<String> triggers = new ArrayList<>();
        final List<StageDef> stages = new ArrayList<>();
        final PostDef post = new PostDef();
    }

    public record Parameter(String type, String name, Object defaultValue, List<String> choices, String description) {
    }

    public static final class OptionsDef {
        Long timeoutMillis;
        int retry = 1;
        boolean skipStagesAfterUnstable;
        final List<String> noted = new ArrayList<>();
    }

    public static final class StageDef {
        final String name;
        final int line;
        String agent;
        Closure<?> environment;
        final OptionsDef options = new OptionsDef();
        final List<Condition> when = new ArrayList<>();
        Closure<?> steps;
        final List<StageDef> stages = new ArrayList<>();
        final List<StageDef> parallel = new ArrayList<>();
        boolean failFast;
        final PostDef post = new PostDef();

        StageDef(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    /** A when condition; evaluated at the start of its stage. */
    public interface Condition {
        boolean test(PipelineExecutor executor);

        String describe();
    }

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
            def.environment = block;
            return this;
        }

        public PipelineBuilder parameters(Closure<?> block) {
            configure(block, new ParametersBuilder(def.parameters));
            return this;
        }

        public PipelineBuilder options(Closure<?> block) {
            configure(block, new OptionsBuilder(def.options));
            return this;
        }

        public PipelineBuilder triggers(Closure<?> block) {
            configure(block, new TriggersBuilder(def.triggers));
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

    public static final class ParametersBuilder {
        private final Map<String, Parameter> parameters;

        ParametersBuilder(Map<String, Parameter> parameters) {
            this.parameters = parameters;
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

    /** Delegate of {@code options { }}: timeout and retry are honoured, the rest noted. */
    public static final class OptionsBuilder {
        private final OptionsDef options;

        OptionsBuilder(OptionsDef options) {
            this.options = options;
        }

        public void timeout(Map<String, Object> args) {
            options.timeoutMillis = Steps.timeoutMillis(args);
        }

        public void timeout(Number minutes) {
            options.timeoutMillis = TimeUnit.MINUTES.toMillis(minutes.longValue());
        }

        public void retry(Number count) {
            options.retry = Math.max(1, count.intValue());
        }

        public void skipStagesAfterUnstable(Object... ignored) {
            options.skipStagesAfterUnstable = true;
        }

        private Object note(String name) {
            options.noted.add(name);
            return name;
        }

        public Object buildDiscarder(Object... a) {
            return note("buildDiscarder");
        }

        public Object logRotator(Object... a) {
            return "logRotator";
        }

        public Object timestamps(Object... a) {
            return note("timestamps");
        }

        public Object disableConcurrentBuilds(Object... a) {
            return note("disableConcurrentBuilds");
        }

        public Object skipDefaultCheckout(Object... a) {
            return note("skipDefaultCheckout");
        }

        public Object ansiColor(Object... a) {
            return note("ansiColor");
        }

        public Object quietPeriod(Object... a) {
            return note("quietPeriod");
        }

        public Object preserveStashes(Object... a) {
            return note("preserveStashes");
        }

        public Object disableResume(Object... a) {
            return note("disableResume");
        }

        public Object durabilityHint(Object... a) {
            return note("durabilityHint");
        }

        public Object parallelsAlwaysFailFast(Object... a) {
            return note("parallelsAlwaysFailFast");
        }

        public Object checkoutToSubdirectory(Object... a) {
            return note("checkoutToSubdirectory");
        }

        public Object newContainerPerStage(Object... a) {
            return note("newContainerPerStage");
        }
    }

    /** Delegate of {@code triggers { }}: a local run is started by hand, so triggers are only noted. */
    public static final class TriggersBuilder {
        private final List<String> triggers;

        TriggersBuilder(List<String> triggers) {
            this.triggers = triggers;
        }

        public TriggersBuilder cron(Object spec) {
            triggers.add("cron('" + spec + "')");
            return this;
        }

        public TriggersBuilder pollSCM(Object spec) {
            triggers.add("pollSCM('" + spec + "')");
            return this;
        }

        public TriggersBuilder upstream(Object args) {
            triggers.add("upstream(" + args + ")");
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
            stage.environment = block;
            return this;
        }

        public StageBuilder options(Closure<?> block) {
            configure(block, new OptionsBuilder(stage.options));
            return this;
        }

        public StageBuilder when(Closure<?> block) {
            configure(block, new WhenBuilder(stage.when));
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

        WhenBuilder(List<Condition> conditions) {
            this.conditions = conditions;
        }

        public WhenBuilder branch(Object pattern) {
            String glob = String.valueOf(pattern);
            conditions.add(new Condition() {
                @Override
                public boolean test(PipelineExecutor executor) {
                    String branch = executor.env("BRANCH_NAME");
                    return branch != null && Steps.globMatches(glob, branch);
                }

                @Override
                public String describe() {
                    return "branch '" + glob + "'";
                }
            });
            return this;
        }

        public WhenBuilder branch(Map<String, Object> args) {
            branch(args.get("pattern"));
            return this;
        }

        public WhenBuilder environment(Map<String, Object> args) {
            String name = String.valueOf(args.get("name"));
            String value = String.valueOf(args.get("value"));
            conditions.add(new Condition() {
                @Override
                public boolean test(PipelineExecutor executor) {
                    return value.equals(executor.env(name));
                }

                @Override
                public String describe() {
                    return "environment " + name + " == '" + value + "'";
                }
            });
            return this;
        }

        public WhenBuilder expression(Closure<?> body) {
            int line = Lines.callerLine();
            conditions.add(new Condition() {
                @Override
                public boolean test(PipelineExecutor executor) {
                    Object value = executor.callBody(body);
                    return org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation.castToBoolean(value);
                }

                @Override
                public String describe() {
                    return "expression (line " + line + ")";
                }
            });
            return this;
        }

        public WhenBuilder not(Closure<?> block) {
            List<Condition> inner = new ArrayList<>();
            configure(block, new WhenBuilder(inner));
            conditions.add(new Condition() {
                @Override
                public boolean test(PipelineExecutor executor) {
                    return !inner.stream().allMatch(c -> c.test(executor));
                }

                @Override
                public String describe() {
                    return "not(" + describeAll(inner, " and ") + ")";
                }
            });
            return this;
        }

        public WhenBuilder allOf(Closure<?> block) {
            List<Condition> inner = new ArrayList<>();
            configure(block, new WhenBuilder(inner));
            conditions.add(new Condition() {
                @Override
                public boolean test(PipelineExecutor executor) {
                    return inner.stream().allMatch(c -> c.test(executor));
                }

                @Override
                public String describe() {
                    return "allOf(" + describeAll(inner, ", ") + ")";
                }
            });
            return this;
        }

        public WhenBuilder anyOf(Closure<?> block) {
            List<Condition> inner = new ArrayList<>();
            configure(block, new WhenBuilder(inner));
            conditions.add(new Condition() {
                @Override
                public boolean test(PipelineExecutor executor) {
                    return inner.stream().anyMatch(c -> c.test(executor));
                }

                @Override
                public String describe() {
                    return "anyOf(" + describeAll(inner, ", ") + ")";
                }
            });
            return this;
        }

        /** Agents are not allocated locally, so evaluating before or after them is the same. */
        public WhenBuilder beforeAgent(boolean ignored) {
            return this;
        }

        public WhenBuilder beforeOptions(boolean ignored) {
            return this;
        }
    }

    static String describeAll(List<Condition> conditions, String separator) {
        return String.join(separator, conditions.stream().map(Condition::describe).toList());
    }

    /** Delegate of {@code post { }}. */
    public static final class PostBuilder {
        private final PostDef post;

        PostBuilder(PostDef post) {
            this.post = post;
        }

        public PostBuilder always(Closure<?> c) {
            post.conditions.put("always", c);
            return this;
        }

        public PostBuilder success(Closure<?> c) {
            post.conditions.put("success", c);
            return this;
        }

        public PostBuilder unstable(Closure<?> c) {
            post.conditions.put("unstable", c);
            return this;
        }

        public PostBuilder failure(Closure<?> c) {
            post.conditions.put("failure", c);
            return this;
        }

        public PostBuilder changed(Closure<?> c) {
            post.conditions.put("changed", c);
            return this;
        }

        public PostBuilder fixed(Closure<?> c) {
            post.conditions.put("fixed", c);
            return this;
        }

        public PostBuilder regression(Closure<?> c) {
            post.conditions.put("regression", c);
            return this;
        }

        public PostBuilder aborted(Closure<?> c) {
            post.conditions.put("aborted", c);
            return this;
        }

        public PostBuilder unsuccessful(Closure<?> c) {
            post.conditions.put("unsuccessful", c);
            return this;
        }

        public PostBuilder cleanup(Closure<?> c) {
            post.conditions.put("cleanup", c);
            return this;
        }
    }

    /** Delegate of an {@code environment { }} block: assignments go into the scope being built. */
    public static final class EnvironmentBuilder extends GroovyObjectSupport {
        private final Map<String, String> env;

        EnvironmentBuilder(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public Object getProperty(String name) {
            if (env.containsKey(name)) {
                return env.get(name);
            }
            throw new MissingPropertyException(name, EnvironmentBuilder.class);
        }

        @Override
        public void setProperty(String name, Object value) {
            env.put(name, value == null ? "" : value.toString());
        }
    }
}
