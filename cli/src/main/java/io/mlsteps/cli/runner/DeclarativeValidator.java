package io.mlsteps.cli.runner;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.Types;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a declarative {@code pipeline { }} before anything runs, with the rules and messages of Jenkins'
 * {@code ModelParser} and {@code ModelValidatorImpl}: required sections ({@code agent}, {@code stages}), each
 * section at most once, no empty {@code stages}/{@code steps}/{@code post}/{@code when}/{@code environment},
 * unique stage names among siblings, exactly one of steps/stages/parallel per stage, no parallel inside
 * parallel, only step calls in {@code steps} (Groovy code belongs in {@code script}), no {@code stage} step
 * there, known post conditions once each, environment values quoted or function calls, step arguments Jenkins
 * knows. It also refuses, by name, what the local runner does not provide ({@code tools}, {@code input},
 * {@code matrix}, container agents, shared libraries). The first problem is reported, with its line and column;
 * then {@link DeclarativeTransform} prepares the environment blocks for lazy evaluation.
 */
final class DeclarativeValidator extends CompilationCustomizer {
    static final List<String> PIPELINE_SECTIONS = List.of("agent", "environment", "options", "parameters", "triggers",
            "tools", "libraries", "stages", "post");
    static final List<String> STAGE_SECTIONS = List.of("agent", "when", "steps", "post", "options", "input", "tools",
            "environment", "parallel", "matrix", "failFast", "stages");
    /** Jenkins' when conditions; those the runner evaluates are in {@link #WHEN_SUPPORTED}. */
    static final List<String> WHEN_CONDITIONS = List.of("allOf", "anyOf", "branch", "buildingTag", "changeRequest",
            "changelog", "changeset", "environment", "equals", "expression", "isRestartedRun", "not", "tag",
            "triggeredBy", "beforeAgent", "beforeInput", "beforeOptions");
    static final Set<String> WHEN_SUPPORTED = Set.of("allOf", "anyOf", "branch", "environment", "equals", "expression",
            "not", "beforeAgent", "beforeInput", "beforeOptions");
    /** Options the runner applies; the others Jenkins has are noted as without effect in a local run. */
    static final List<String> PIPELINE_OPTIONS_APPLIED = List.of("timeout", "retry", "skipStagesAfterUnstable",
            "parallelsAlwaysFailFast");
    static final List<String> PIPELINE_OPTIONS_NOTED = List.of("buildDiscarder", "timestamps", "disableConcurrentBuilds",
            "skipDefaultCheckout", "ansiColor", "quietPeriod", "preserveStashes", "disableResume", "durabilityHint",
            "checkoutToSubdirectory", "newContainerPerStage", "disableRestartFromStage", "overrideIndexTriggers",
            "rateLimitBuilds", "copyArtifactPermission");
    static final List<String> STAGE_OPTIONS_APPLIED = List.of("timeout", "retry");
    static final List<String> STAGE_OPTIONS_NOTED = List.of("timestamps", "skipDefaultCheckout", "ansiColor",
            "checkoutToSubdirectory");
    static final List<String> PARAMETER_TYPES = List.of("string", "text", "password", "booleanParam", "choice");
    /** The arguments of each parameter type with the Java type Jenkins declares for it. */
    static final Map<String, Map<String, Class<?>>> PARAMETER_ARGUMENTS = Map.of(
            "string", types("name", String.class, "defaultValue", String.class, "description", String.class, "trim", boolean.class),
            "text", types("name", String.class, "defaultValue", String.class, "description", String.class, "trim", boolean.class),
            "password", types("name", String.class, "defaultValue", String.class, "description", String.class),
            "booleanParam", types("name", String.class, "defaultValue", boolean.class, "description", String.class),
            "choice", types("name", String.class, "choices", Object.class, "description", String.class));
    static final Map<String, Map<String, Class<?>>> WHEN_ARGUMENT_TYPES = Map.of(
            "branch", types("pattern", String.class, "comparator", String.class),
            "environment", types("name", String.class, "value", String.class, "ignoreCase", boolean.class),
            "equals", types("expected", Object.class, "actual", Object.class));

    private static Map<String, Class<?>> types(Object... namesAndTypes) {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            types.put((String) namesAndTypes[i], (Class<?>) namesAndTypes[i + 1]);
        }
        return types;
    }
    /** Jenkins' triggers with their arguments; the first is the one a single unnamed argument is. */
    static final Map<String, Map<String, Class<?>>> TRIGGERS = Map.of(
            "cron", types("spec", String.class),
            "pollSCM", types("scmpoll_spec", String.class, "ignorePostCommitHooks", boolean.class),
            "upstream", types("upstreamProjects", String.class, "threshold", Object.class));
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Map<String, String> BLOCKED_STEPS = Map.of(
            "stage", "The stage step cannot be used in Declarative Pipelines",
            "properties", "The properties step cannot be used in Declarative Pipelines",
            "parallel", "The parallel step can only be used as the only top-level step in a stage's step block");

    private final String fileName;
    private final BuiltinSteps.StepLookup mlSteps;
    private final List<PipelineChecker.Problem> problems = new ArrayList<>();
    private SourceUnit source;

    DeclarativeValidator(String fileName, BuiltinSteps.StepLookup mlSteps) {
        super(CompilePhase.CONVERSION);
        this.fileName = fileName;
        this.mlSteps = mlSteps;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) {
            return;
        }
        problems.clear();
        this.source = source;
        refuseSharedLibraries(source.getAST(), classNode);
        List<Statement> top = scriptStatements(source, classNode);
        for (Statement statement : top) {
            MethodCallExpression call = call(statement);
            if (call != null && call.getMethodAsString().equals("pipeline")) {
                pipeline(call);
            }
        }
        refuseNestedPipelines(source, classNode, top);
        if (!problems.isEmpty()) {
            throw PipelineChecker.firstProblem(fileName, problems);
        }
        for (Statement statement : top) {
            MethodCallExpression call = call(statement);
            if (call != null && call.getMethodAsString().equals("pipeline") && closure(call) != null) {
                DeclarativeTransform.rewrite(closure(call));
            }
        }
    }

    /** The statements of the script's body: its run method once made, else the module's statement block. */
    static List<Statement> scriptStatements(SourceUnit source, ClassNode classNode) {
        MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
        if (run != null && run.getCode() instanceof BlockStatement block) {
            return block.getStatements();
        }
        return source.getAST().getStatementBlock().getStatements();
    }

    private void problem(ASTNode node, String message) {
        problems.add(new PipelineChecker.Problem(node.getLineNumber(), node.getColumnNumber(), message));
    }

    private static String refused(String what, String why) {
        return what + " is not supported by the local runner (" + why + ")";
    }

    // ------------------------------------------------------------------ AST helpers

    /** The implicit-this method call a statement consists of, or null. */
    static MethodCallExpression call(Statement statement) {
        return statement instanceof ExpressionStatement e && e.getExpression() instanceof MethodCallExpression m
                && m.isImplicitThis() && m.getMethodAsString() != null ? m : null;
    }

    static List<Expression> arguments(MethodCallExpression call) {
        return call.getArguments() instanceof TupleExpression t ? t.getExpressions() : List.of(call.getArguments());
    }

    /** The block (last closure argument) of a call, or null. */
    static ClosureExpression closure(MethodCallExpression call) {
        List<Expression> args = arguments(call);
        return !args.isEmpty() && args.get(args.size() - 1) instanceof ClosureExpression c ? c : null;
    }

    /** The arguments before the block. */
    static List<Expression> plainArguments(MethodCallExpression call) {
        List<Expression> args = new ArrayList<>(arguments(call));
        if (!args.isEmpty() && args.get(args.size() - 1) instanceof ClosureExpression) {
            args.remove(args.size() - 1);
        }
        return args;
    }

    static List<Statement> statements(ClosureExpression closure) {
        Statement code = closure.getCode();
        return code instanceof BlockStatement b ? b.getStatements() : List.of(code);
    }

    /** A string literal (or bare word) as Jenkins' parseStringLiteral reads it, or null. */
    static String literal(Expression e) {
        if (e instanceof ConstantExpression c && c.getValue() instanceof String s) {
            return s;
        }
        return e instanceof VariableExpression v ? v.getName() : null;
    }

    private String source(ASTNode node) {
        return SourceText.of(source, node);
    }

    /**
     * The statements of a section's block, or null (reported) when it has none; an empty block is reported with
     * {@code emptyMessage} (Jenkins' message for that section), or allowed when it is null.
     */
    private List<Statement> sectionBlock(MethodCallExpression section, String noBlockMessage, String emptyMessage) {
        ClosureExpression block = closure(section);
        if (block == null) {
            problem(section, noBlockMessage);
            return null;
        }
        List<Statement> statements = statements(block);
        if (statements.isEmpty() && emptyMessage != null) {
            problem(section, emptyMessage);
        }
        return statements;
    }

    // ------------------------------------------------------------------ pipeline

    private void pipeline(MethodCallExpression call) {
        ClosureExpression body = closure(call);
        if (body == null) {
            problem(call, "Expected a block with the \"pipeline\" step");
            return;
        }
        Set<String> seen = new HashSet<>();
        boolean agent = false;
        boolean stages = false;
        for (Statement statement : statements(body)) {
            MethodCallExpression section = call(statement);
            if (section == null) {
                problem(statement, chained(statement) != null ? chained(statement)
                        : "Not a valid section definition: \"" + statementText(statement)
                        + "\". Some extra configuration is required.");
                continue;
            }
            String name = section.getMethodAsString();
            if (!seen.add(name)) {
                problem(section, "Multiple occurrences of the " + name + " section");
                continue;
            }
            switch (name) {
                case "agent" -> {
                    agent = true;
                    agent(section);
                }
                case "stages" -> {
                    stages = true;
                    stages(section, false);
                }
                case "environment" -> environment(section);
                case "options" -> options(section, PIPELINE_OPTIONS_APPLIED, PIPELINE_OPTIONS_NOTED);
                case "parameters" -> parameters(section);
                case "triggers" -> triggers(section);
                case "post" -> post(section);
                case "tools" -> problem(section, refused("tools { }", "install the tools on this machine"));
                case "libraries" -> problem(section, refused("libraries { }",
                        "a local run has no shared library configuration"));
                default -> problem(section, "Undefined section \"" + name + "\"");
            }
        }
        if (!stages) {
            problem(call, "Missing required section \"stages\"");
        }
        if (!agent) {
            problem(call, "Missing required section \"agent\"");
        }
    }

    /**
     * "when { ... } steps { ... }" on one line is, for Groovy, the one call when({...}).steps({...}), which Jenkins
     * refuses ("Expected a symbol"); said with the way out.
     */
    private static String chained(Statement statement) {
        if (statement instanceof ExpressionStatement e && e.getExpression() instanceof MethodCallExpression m
                && !m.isImplicitThis() && m.getObjectExpression() instanceof MethodCallExpression first
                && first.isImplicitThis()) {
            return "Expected a symbol: '" + first.getMethodAsString() + " ... " + m.getMethodAsString()
                    + " ...' on one line is a single chained call; put each on its own line";
        }
        return null;
    }

    private String statementText(Statement statement) {
        return source(statement instanceof ExpressionStatement e ? e.getExpression() : statement);
    }

    private void agent(MethodCallExpression section) {
        ClosureExpression block = closure(section);
        if (block == null) {
            List<Expression> args = arguments(section);
            if (args.isEmpty()) {
                problem(section, "No argument for agent");
            } else if (args.size() > 1 || !List.of("any", "none").contains(String.valueOf(literal(args.get(0))))) {
                problem(section, "Only \"agent none\", \"agent any\" or \"agent {...}\" are allowed.");
            }
            return;
        }
        List<Statement> content = statements(block);
        if (content.isEmpty() || call(content.get(0)) == null) {
            problem(section, "Expected an agent");
        } else if (content.size() > 1) {
            problem(section, "Only one agent type is allowed per agent section");
        } else {
            MethodCallExpression agentType = call(content.get(0));
            String type = agentType.getMethodAsString();
            if (List.of("docker", "dockerfile", "kubernetes").contains(type)) {
                problem(agentType, refused("agent { " + type + " }",
                        "its steps would run inside a container; run the pipeline in that image, or use agent any"));
            } else if (!List.of("label", "node").contains(type)) {
                problem(agentType, "Invalid agent type \"" + type + "\" specified. Must be one of "
                        + "[any, docker, dockerfile, label, none, node]");
            } else if (closure(agentType) != null) {
                for (Statement option : statements(closure(agentType))) {
                    MethodCallExpression o = call(option);
                    if (o != null && o.getMethodAsString().equals("customWorkspace")) {
                        problem(o, refused("customWorkspace", "a local run works in one workspace; use --workspace DIR"));
                    }
                }
            }
        }
    }

    private void stages(MethodCallExpression section, boolean withinParallel) {
        List<Statement> stages = sectionBlock(section, "Expected a block for " + section.getMethodAsString(),
                "No stages specified");
        if (stages == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Statement statement : stages) {
            MethodCallExpression stage = call(statement);
            if (stage == null || !stage.getMethodAsString().equals("stage")) {
                problem(statement, chained(statement) != null ? chained(statement) : "Expected a stage");
                continue;
            }
            String name = stage(stage, withinParallel);
            if (name != null && names.contains(name) && reported.add(name)) {
                problem(stage, "Duplicate stage name: \"" + name + "\"");
            }
            names.add(name);
        }
    }

    /** Validates one stage; returns its name (null when it has none). */
    private String stage(MethodCallExpression stage, boolean withinParallel) {
        List<Expression> args = plainArguments(stage);
        if (args.isEmpty()) {
            problem(stage, "Expected a stage name but did not find any");
            return null;
        }
        String name = literal(args.get(0));
        if (name == null) {
            problem(args.get(0), "Expected string literal");
        }
        ClosureExpression body = closure(stage);
        if (body == null) {
            problem(stage, "Stage does not have a block");
            return name;
        }
        Set<String> seen = new HashSet<>();
        int contents = 0;
        MethodCallExpression parallel = null;
        MethodCallExpression agent = null;
        for (Statement statement : statements(body)) {
            MethodCallExpression section = call(statement);
            if (section == null) {
                problem(statement, chained(statement) != null ? chained(statement)
                        : "Not a valid stage section definition: \"" + statementText(statement)
                        + "\". Some extra configuration is required.");
                continue;
            }
            String sectionName = section.getMethodAsString();
            if (!seen.add(sectionName)) {
                problem(section, "Multiple occurrences of the " + sectionName + " section");
                continue;
            }
            switch (sectionName) {
                case "steps" -> {
                    if (isEmptyParallelStep(section)) {
                        continue; // "steps { parallel() }" has no branches: Jenkins sees nothing for the stage
                    }
                    contents++;
                    steps(section);
                }
                case "stages" -> {
                    contents++;
                    stages(section, withinParallel);
                }
                case "parallel" -> {
                    // an empty parallel counts as no content, as Jenkins' parser drops it
                    if (closure(section) != null && statements(closure(section)).isEmpty()) {
                        continue;
                    }
                    contents++;
                    parallel = section;
                    if (!withinParallel) {
                        stages(section, true);
                    }
                }
                case "matrix" -> {
                    contents++;
                    problem(section, refused("matrix { }", "write the combinations as parallel stages"));
                }
                case "agent" -> {
                    agent = section;
                    agent(section);
                }
                case "when" -> when(section);
                case "post" -> post(section);
                case "options" -> options(section, STAGE_OPTIONS_APPLIED, STAGE_OPTIONS_NOTED);
                case "environment" -> environment(section);
                case "failFast" -> {
                    List<Expression> value = arguments(section);
                    if (value.size() != 1 || !(value.get(0) instanceof ConstantExpression c && c.getValue() instanceof Boolean)) {
                        problem(section, "Expected a boolean with failFast");
                    }
                }
                case "input" -> problem(section, refused("input { }",
                        "a local run cannot wait for a person; use a parameter (-p name=value) instead"));
                case "tools" -> problem(section, refused("tools { }", "install the tools on this machine"));
                default -> problem(section, "Unknown stage section \"" + sectionName
                        + "\". Starting with version 0.5, steps in a stage must be in a ‘steps’ block.");
            }
        }
        String shown = name == null ? "" : name;
        if (withinParallel && parallel != null) {
            problem(parallel, "\"matrix\" or \"parallel\" cannot be nested inside another \"matrix\" or \"parallel\".");
        } else if (contents > 1) {
            problem(stage, "Only one of \"matrix\", \"parallel\", \"stages\", or \"steps\" allowed for stage \"" + shown + "\"");
        } else if (contents == 0) {
            problem(stage, "Expected one of \"steps\", \"stages\", or \"parallel\" for stage \"" + shown + "\"");
        } else if (parallel != null && agent != null) {
            problem(agent, "\"agent\" is not allowed in stage \"" + shown + "\" as it contains parallel or matrix stages");
        }
        return name;
    }

    // ------------------------------------------------------------------ steps

    private void steps(MethodCallExpression section) {
        List<Statement> steps = sectionBlock(section, "Expected a block for steps", null);
        if (steps != null) {
            branch(section, steps, true);
        }
    }

    private static boolean isEmptyParallelStep(MethodCallExpression steps) {
        ClosureExpression block = closure(steps);
        if (block == null || statements(block).size() != 1) {
            return false;
        }
        MethodCallExpression only = call(statements(block).get(0));
        return only != null && only.getMethodAsString().equals("parallel") && arguments(only).isEmpty();
    }

    /** The steps of a steps block or post condition: step calls only, Groovy code inside script { }. */
    private void branch(ASTNode owner, List<Statement> statements, boolean topOfSteps) {
        if (statements.isEmpty() && topOfSteps) {
            problem(owner, "No steps specified for branch");
        }
        for (Statement statement : statements) {
            if (!(statement instanceof ExpressionStatement e && e.getExpression() instanceof MethodCallExpression m)) {
                problem(statement, "Expected a step");
                continue;
            }
            if (!m.isImplicitThis()) {
                problem(m, chained(statement) != null ? chained(statement) : m.getObjectExpression() instanceof VariableExpression
                        ? "Method calls on objects not allowed outside \"script\" blocks." : "Expected a symbol");
                continue;
            }
            String name = m.getMethodAsString();
            if (name.equals("script") || name.equals("expression")) {
                continue;
            }
            boolean onlyStatement = topOfSteps && statements.size() == 1;
            if (BLOCKED_STEPS.containsKey(name) && !(name.equals("parallel") && onlyStatement)) {
                problem(m, "Invalid step \"" + name + "\" used - not allowed in this context - " + BLOCKED_STEPS.get(name));
                continue;
            }
            if (name.equals("parallel")) {
                parallelBranches(m);
                continue;
            }
            stepArguments(m, name);
            ClosureExpression body = closure(m);
            if (body != null) {
                branch(m, statements(body), false);
            }
        }
    }

    /** {@code parallel(a: { ... }, b: { ... }, failFast: true)} as a stage's only step: branches and failFast only. */
    private void parallelBranches(MethodCallExpression parallel) {
        for (Expression argument : arguments(parallel)) {
            if (!(argument instanceof MapExpression map)) {
                continue;
            }
            for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                boolean failFast = "failFast".equals(literal(entry.getKeyExpression()));
                if (failFast && !(entry.getValueExpression() instanceof ConstantExpression c && c.getValue() instanceof Boolean)) {
                    problem(entry.getValueExpression(), "Expected a boolean with failFast");
                } else if (!failFast && !(entry.getValueExpression() instanceof ClosureExpression)) {
                    problem(entry.getValueExpression(), "Expected closure or failFast");
                } else if (!failFast) {
                    branch(entry.getValueExpression(), statements((ClosureExpression) entry.getValueExpression()), false);
                }
            }
        }
    }

    /** Jenkins' named-parameter rules: known names, required ones present, one unnamed argument at most. */
    void stepArguments(MethodCallExpression call, String name) {
        problems.addAll(PipelineChecker.argumentProblems(call, name, mlSteps));
    }

    // ------------------------------------------------------------------ when, post

    private void when(MethodCallExpression section) {
        List<Statement> conditions = sectionBlock(section, "Expected a block for when",
                "Empty when closure, remove the property or add some content.");
        if (conditions != null) {
            conditions(conditions);
        }
    }

    private void conditions(List<Statement> conditions) {
        for (Statement statement : conditions) {
            MethodCallExpression condition = call(statement);
            if (condition == null) {
                problem(statement, chained(statement) != null ? chained(statement) : "Expected a when condition");
                continue;
            }
            String name = condition.getMethodAsString();
            if (!WHEN_CONDITIONS.contains(name)) {
                problem(condition, "Unknown conditional " + name + ". Valid conditionals are: "
                        + String.join(", ", WHEN_CONDITIONS));
                continue;
            }
            if (!WHEN_SUPPORTED.contains(name)) {
                problem(condition, refused("when { " + name + " }", name.startsWith("change")
                        ? "a local run has no change set or change request" : "a local run has no such build information"));
                continue;
            }
            condition(condition, name);
        }
    }

    private void condition(MethodCallExpression condition, String name) {
        ClosureExpression body = closure(condition);
        List<Expression> args = plainArguments(condition);
        switch (name) {
            case "not", "allOf", "anyOf" -> {
                if (!args.isEmpty()) {
                    problem(condition, "No additional arguments are allowed for children when condition \"" + name + "\".");
                    return;
                }
                int children = body == null ? 0 : statements(body).size();
                if (name.equals("not") && children != 1) {
                    problem(condition, "Nested when condition \"not\" requires exactly 1 child condition(s).");
                } else if (children == 0) {
                    problem(condition, "Nested when condition \"" + name + "\" requires at least one child condition.");
                } else {
                    conditions(statements(body));
                }
            }
            case "expression" -> {
                if (body == null) {
                    problem(condition, "When step without a block");
                }
            }
            case "beforeAgent", "beforeInput", "beforeOptions" -> {
                if (args.size() != 1 || !(args.get(0) instanceof ConstantExpression c && c.getValue() instanceof Boolean)) {
                    problem(condition, "Expected a boolean with " + name);
                }
            }
            default -> {
                if (body != null) {
                    problem(condition, "No children when conditions are allowed for when condition \"" + name + "\".");
                    return;
                }
                namedArguments(condition, args, WHEN_ARGUMENT_TYPES.get(name), name.equals("branch") ? "pattern" : null,
                        switch (name) {
                            case "branch" -> List.of("pattern");
                            case "equals" -> List.of("expected", "actual");
                            default -> List.of("name", "value");
                        });
            }
        }
    }

    private void post(MethodCallExpression section) {
        List<Statement> conditions = sectionBlock(section, "Expected a block", "post can not be empty");
        if (conditions == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Statement statement : conditions) {
            MethodCallExpression condition = call(statement);
            if (condition == null || closure(condition) == null) {
                problem(statement, chained(statement) != null ? chained(statement) : "The ‘post’ section can only contain build condition names with code blocks. "
                        + "Valid condition names are " + DeclarativeRun.POST_ORDER);
                continue;
            }
            String name = condition.getMethodAsString();
            if (!DeclarativeRun.POST_ORDER.contains(name)) {
                problem(condition, "Invalid condition \"" + name + "\" - valid conditions are " + DeclarativeRun.POST_ORDER);
            } else if (!seen.add(name)) {
                problem(condition, "Duplicate build condition name: \"" + name + "\"");
            } else {
                branch(condition, statements(closure(condition)), false);
            }
        }
    }

    // ------------------------------------------------------------------ environment, options, parameters, triggers

    private void environment(MethodCallExpression section) {
        List<Statement> entries = sectionBlock(section, "Expected a block for environment",
                "No variables specified for environment");
        if (entries == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (Statement statement : entries) {
            Expression e = statement instanceof ExpressionStatement s ? s.getExpression() : null;
            if (!(e instanceof BinaryExpression assign) || assign.getOperation().getType() != Types.EQUAL) {
                String text = statementText(statement);
                problem(statement, text.contains("=")
                        ? identifierMessage(text.substring(0, text.indexOf('=')).trim())
                        : "\"" + text + "\" is not a valid environment expression. Use \"key = value\" pairs with valid Java/shell keys.");
                continue;
            }
            String name = assign.getLeftExpression() instanceof VariableExpression v ? v.getName() : source(assign.getLeftExpression());
            if (!IDENTIFIER.matcher(name).matches()) {
                problem(assign, identifierMessage(name));
            } else if (!names.add(name)) {
                problem(assign.getLeftExpression(), "Duplicate environment variable name: \"" + name + "\"");
            }
            environmentValue(assign.getRightExpression());
        }
    }

    private static String identifierMessage(String name) {
        return "\"" + name + "\" is not a valid identifier and cannot be used for an environment variable. Identifiers "
                + "must start with a letter or underscore and can contain only letters, numbers or underscores.";
    }

    private void environmentValue(Expression value) {
        if (value instanceof ConstantExpression || value instanceof GStringExpression) {
            return;
        }
        if (value instanceof MethodCallExpression m) {
            if (PipelineChecker.isBareDollarCurly(m)) {
                problem(m, PipelineChecker.bareDollarCurly(source(m)));
            } else if (m.isImplicitThis() && "credentials".equals(m.getMethodAsString())) {
                problem(m, refused("credentials()", "export the secret in the environment of the local run instead"));
            }
            return;
        }
        if (value instanceof BinaryExpression b && b.getOperation().getType() == Types.PLUS) {
            concatenated(b);
        } else if (value instanceof BinaryExpression) {
            problem(value, "Environment variable values can only be joined together with ‘+’s.");
        } else {
            problem(value, "Environment variable values must either be single quoted, double quoted, or function calls.");
        }
    }

    private void concatenated(BinaryExpression plus) {
        for (Expression part : List.of(plus.getLeftExpression(), plus.getRightExpression())) {
            if (part instanceof BinaryExpression b && b.getOperation().getType() == Types.PLUS && part == plus.getLeftExpression()) {
                concatenated(b);
            } else if (part instanceof BinaryExpression) {
                problem(part, "Environment variable values can only be joined together with ‘+’s.");
            } else if (!(part instanceof ConstantExpression) && !(part instanceof GStringExpression)) {
                problem(part, "Environment variable values to be concatenated together must be single or double quoted.");
            }
        }
    }

    private void options(MethodCallExpression section, List<String> applied, List<String> noted) {
        List<Statement> options = sectionBlock(section, "Expected a block for options", "options can not be empty");
        if (options == null) {
            return;
        }
        List<String> valid = new ArrayList<>(applied);
        valid.addAll(noted);
        Set<String> seen = new HashSet<>();
        for (Statement statement : options) {
            MethodCallExpression option = call(statement);
            if (option == null) {
                problem(statement, statement instanceof ExpressionStatement e && e.getExpression() instanceof MapExpression
                        ? "Options cannot be defined as maps" : "Expected an option");
                continue;
            }
            String name = option.getMethodAsString();
            if (closure(option) != null) {
                problem(option, "Options definitions cannot have blocks");
            } else if (hasBlockArgument(option)) {
                problem(option, "Method call arguments: a block is not allowed here");
            } else if (blockedStepIn(option) != null) {
                problem(option, blockedStepIn(option));
            } else if (!valid.contains(name)) {
                problem(option, "Invalid option type \"" + name + "\". Valid option types: " + valid);
            } else if (!seen.add(name)) {
                problem(option, "Duplicate option name: \"" + name + "\"");
            } else if (name.equals("timeout") || name.equals("retry")) {
                stepArguments(option, name);
            }
        }
    }

    private void parameters(MethodCallExpression section) {
        List<Statement> parameters = sectionBlock(section, "Expected a block for parameters",
                "parameters can not be empty");
        for (Statement statement : parameters == null ? List.<Statement>of() : parameters) {
            MethodCallExpression parameter = call(statement);
            if (parameter == null || closure(parameter) != null) {
                problem(statement, parameter == null ? "Expected a build parameter definition"
                        : "Build parameters definitions cannot have blocks");
                continue;
            }
            String type = parameter.getMethodAsString();
            if (hasBlockArgument(parameter)) {
                problem(parameter, "Method call arguments: a block is not allowed here");
            } else if (!PARAMETER_TYPES.contains(type)) {
                problem(parameter, refused("the parameter type '" + type + "'", "supported: " + PARAMETER_TYPES));
                continue;
            }
            namedArguments(parameter, arguments(parameter), PARAMETER_ARGUMENTS.get(type), null, List.of("name"));
        }
    }

    private void triggers(MethodCallExpression section) {
        List<Statement> triggers = sectionBlock(section, "Expected a block for triggers", "triggers can not be empty");
        for (Statement statement : triggers == null ? List.<Statement>of() : triggers) {
            MethodCallExpression trigger = call(statement);
            if (trigger == null) {
                problem(statement, "Expected a trigger");
            } else if (closure(trigger) != null) {
                problem(trigger, "Triggers definitions cannot have blocks");
            } else if (hasBlockArgument(trigger)) {
                problem(trigger, "Method call arguments: a block is not allowed here");
            } else if (blockedStepIn(trigger) != null) {
                problem(trigger, blockedStepIn(trigger));
            } else if (!TRIGGERS.containsKey(trigger.getMethodAsString())) {
                problem(trigger, "Invalid trigger type \"" + trigger.getMethodAsString() + "\". Valid trigger types: "
                        + TRIGGERS.keySet().stream().sorted().toList());
            } else if (arguments(trigger).isEmpty()) {
                problem(trigger, "\"" + trigger.getMethodAsString() + "\" should have 1 arguments but has 0 arguments instead.");
            } else {
                Map<String, Class<?>> known = TRIGGERS.get(trigger.getMethodAsString());
                String first = known.keySet().iterator().next();
                namedArguments(trigger, arguments(trigger), known, first, List.of(first));
            }
        }
    }

    /** A blocked step (properties) used inside the arguments of a trigger or option: Jenkins' message, or null. */
    private static String blockedStepIn(MethodCallExpression call) {
        String[] found = {null};
        call.getArguments().visit(new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression inner) {
                if (inner.isImplicitThis() && "properties".equals(inner.getMethodAsString())) {
                    found[0] = "Invalid step \"properties\" used - not allowed in this context - "
                            + BLOCKED_STEPS.get("properties");
                }
                super.visitMethodCallExpression(inner);
            }
        });
        return found[0];
    }

    /** Jenkins' parser refuses a block anywhere in the arguments of an option, trigger or parameter. */
    private static boolean hasBlockArgument(MethodCallExpression call) {
        boolean[] found = {false};
        call.getArguments().visit(new CodeVisitorSupport() {
            @Override
            public void visitClosureExpression(ClosureExpression expression) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** Named arguments of a declarative element (when condition, parameter) against what Jenkins accepts. */
    private void namedArguments(MethodCallExpression call, List<Expression> args, Map<String, Class<?>> known,
                                String sole, List<String> required) {
        Map<String, Expression> named = new LinkedHashMap<>();
        if (args.size() == 1 && args.get(0) instanceof MapExpression map) {
            for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                String key = literal(entry.getKeyExpression());
                if (key != null && !known.containsKey(key)) {
                    problem(entry.getKeyExpression(), "Invalid parameter \"" + key + "\", did you mean \""
                            + BuiltinSteps.nearest(key, known.keySet()) + "\"?");
                    return;
                }
                var wrongType = PipelineChecker.typeProblem(entry.getValueExpression(), known.get(key), key);
                if (wrongType.isPresent()) {
                    problems.add(wrongType.get());
                    return;
                }
                named.put(key, entry.getValueExpression());
            }
        } else if (args.size() == 1 && sole != null) {
            PipelineChecker.typeProblem(args.get(0), known.get(sole), null).ifPresent(problems::add);
            return;
        } else if (!args.isEmpty()) {
            problem(call, "Arguments to \"" + call.getMethodAsString() + "\" must be explicitly named.");
            return;
        }
        for (String r : required) {
            if (!named.containsKey(r)) {
                problem(call, "Missing required parameter: \"" + r + "\"");
                return;
            }
        }
    }

    // ------------------------------------------------------------------ the rest of the file

    /** {@code @Library('lib') _} and {@code @Library} imports: shared libraries are refused by name. */
    private void refuseSharedLibraries(ModuleNode module, ClassNode script) {
        List<AnnotatedNode> annotated = new ArrayList<>();
        for (ImportNode i : module.getImports()) {
            annotated.add(i);
        }
        annotated.addAll(module.getStarImports());
        annotated.add(script);
        for (AnnotatedNode node : annotated) {
            library(node.getAnnotations());
        }
        new CodeVisitorSupport() {
            @Override
            public void visitDeclarationExpression(DeclarationExpression expression) {
                library(expression.getAnnotations());
                super.visitDeclarationExpression(expression);
            }
        }.visitBlockStatement(module.getStatementBlock());
    }

    private void library(List<AnnotationNode> annotations) {
        for (AnnotationNode a : annotations) {
            String name = a.getClassNode().getNameWithoutPackage();
            if (name.equals("Library") || name.equals("Grab")) {
                problem(a, refused("@" + name, name.equals("Library")
                        ? "a local run has no shared libraries; define the functions in the Jenkinsfile"
                        : "declare the dependency on the classpath instead"));
            }
        }
    }

    /** A {@code pipeline { }} anywhere but at the top level, as Jenkins refuses it. */
    private void refuseNestedPipelines(SourceUnit source, ClassNode classNode, List<Statement> top) {
        CodeVisitorSupport finder = new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                if (call.isImplicitThis() && "pipeline".equals(call.getMethodAsString()) && closure(call) != null) {
                    problem(call, "pipeline block must be at the top-level, not within another block.");
                }
                super.visitMethodCallExpression(call);
            }
        };
        for (Statement statement : top) {
            MethodCallExpression call = call(statement);
            if (call != null && call.getMethodAsString().equals("pipeline")) {
                if (closure(call) != null) {
                    closure(call).getCode().visit(finder);
                }
            } else {
                statement.visit(finder);
            }
        }
        for (MethodNode method : classNode.getMethods()) {
            if (method.getCode() != null && !method.getName().equals("run") && !method.getName().equals("main")) {
                method.getCode().visit(finder);
            }
        }
    }

    static ArgumentListExpression args(Expression... values) {
        return new ArgumentListExpression(values);
    }
}
