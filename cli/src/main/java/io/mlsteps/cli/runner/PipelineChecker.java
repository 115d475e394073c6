package io.mlsteps.cli.runner;

import io.mlsteps.run.StepCatalog;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a compiled Jenkinsfile before anything runs: every step called where steps run (the top level of a
 * scripted Jenkinsfile, {@code steps}, {@code script}, {@code post} bodies, environment values, functions of
 * the file) must be one the runner provides, with arguments Jenkins' step knows ({@link BuiltinSteps}); the
 * globals the runner lacks ({@code docker}) are refused by name. The declarative structure around them was
 * validated before ({@link DeclarativeValidator}). One error names the first problem and its line and column.
 * Calls of Jenkins' {@code sleep} step are then compiled to the runner's (Groovy's own sleep takes milliseconds).
 */
final class PipelineChecker extends CompilationCustomizer {

    /** The blocks of a Jenkinsfile; only TOP and STEPS hold step calls, the others were validated already. */
    enum Block {
        TOP, PIPELINE, STRUCTURE, ENVIRONMENT, STEPS
    }

    /** The steps that run in steps, script, post and scripted blocks (ML steps are added from the catalog). */
    static final Set<String> STEPS = BuiltinSteps.names();

    /** Why a Jenkins step or global the runner does not provide is left out, and what to do instead. */
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("bat", "Windows batch does not run here; use sh"),
            Map.entry("powershell", "use sh"),
            Map.entry("input", "a local run cannot wait for a person; use a parameter (-p name=value) instead"),
            Map.entry("withCredentials", "export the secret in the environment of the local run instead"),
            Map.entry("credentials", "export the secret in the environment of the local run instead"),
            Map.entry("stash", "the local run has one workspace; files are already where the next stage looks"),
            Map.entry("unstash", "the local run has one workspace; files are already where the next stage looks"),
            Map.entry("tool", "install the tools on this machine"),
            Map.entry("library", "a local run has no shared libraries; define the functions in the Jenkinsfile"),
            Map.entry("build", "a local run cannot start other jobs"),
            Map.entry("mail", "a local run sends no mail"),
            Map.entry("emailext", "a local run sends no mail"),
            Map.entry("properties", "job properties belong to the Jenkins job; declare parameters in the Jenkinsfile"),
            Map.entry("step", "step([$class: ...]) runs a Jenkins plugin's build step; the local runner has none"),
            Map.entry("podTemplate", "its steps would run inside a container; use sh 'docker run ...'"),
            Map.entry("docker", "the Docker Pipeline plugin's global; run the container with sh 'docker run ...'"));
    /** Global variables of Jenkins plugins the runner does not have. */
    private static final Set<String> MISSING_GLOBALS = Set.of("docker");

    private final String fileName;
    private final BuiltinSteps.StepLookup mlSteps;

    PipelineChecker(String fileName, BuiltinSteps.StepLookup mlSteps) {
        super(CompilePhase.CANONICALIZATION);
        this.fileName = fileName;
        this.mlSteps = mlSteps;
    }

    record Problem(int line, int column, String message) {
    }

    /**
     * The located error for the first problem found (the checks go from the outside in and top to bottom, so a
     * section's own problem comes before what it means for its stage): one error names one problem.
     */
    static JenkinsfileException firstProblem(String fileName, List<Problem> problems) {
        Problem first = problems.get(0);
        return new JenkinsfileException(fileName, first.line(), first.column(), first.message());
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        if (!classNode.isScript()) {
            return;
        }
        Set<String> ownMethods = new LinkedHashSet<>();
        for (MethodNode method : classNode.getMethods()) {
            if (!method.getName().equals("run") && !method.getName().equals("main")) {
                ownMethods.add(method.getName());
            }
        }
        Visitor visitor = new Visitor(ownMethods, source);
        for (MethodNode method : classNode.getMethods()) {
            if (method.getCode() == null || method.getName().equals("main")) {
                continue;
            }
            visitor.blocks.clear();
            visitor.blocks.push(method.getName().equals("run") ? Block.TOP : Block.STEPS);
            method.getCode().visit(visitor);
        }
        if (!visitor.problems.isEmpty()) {
            throw firstProblem(fileName, visitor.problems);
        }
        if (!ownMethods.contains("sleep")) {
            for (MethodCallExpression sleep : visitor.sleeps) {
                sleep.setMethod(new ConstantExpression("sleepStep"));
            }
        }
    }

    static Set<String> allowed(Block block, Set<String> ownMethods) {
        Set<String> all = new TreeSet<>(STEPS);
        all.addAll(StepCatalog.names());
        all.addAll(ownMethods);
        if (block == Block.TOP) {
            all.add("pipeline");
        }
        return all;
    }

    /** The block a closure passed to {@code name} inside {@code block} opens. */
    static Block child(Block block, String name) {
        return switch (block) {
            case TOP, STEPS -> name.equals("pipeline") && block == Block.TOP ? Block.PIPELINE : Block.STEPS;
            case PIPELINE, STRUCTURE -> switch (name) {
                case "steps", "always", "success", "unstable", "failure", "changed", "cleanup", "fixed",
                     "regression", "aborted", "unsuccessful", "notBuilt", "expression" -> Block.STEPS;
                case "environment" -> Block.ENVIRONMENT;
                default -> Block.STRUCTURE;
            };
            case ENVIRONMENT -> Block.STEPS;
        };
    }

    /**
     * Jenkins' argument rules for a step call: named arguments the step knows (else "did you mean"), its
     * required ones present, one unnamed argument only for a step that takes one, never both kinds.
     */
    static List<Problem> argumentProblems(MethodCallExpression call, String name, BuiltinSteps.StepLookup mlSteps) {
        List<Problem> problems = new ArrayList<>();
        BuiltinSteps.Spec spec = BuiltinSteps.spec(name, mlSteps).orElse(null);
        if (spec == null) {
            return problems;
        }
        List<Expression> args = DeclarativeValidator.plainArguments(call);
        MapExpression named = args.stream().filter(MapExpression.class::isInstance).map(MapExpression.class::cast)
                .findFirst().orElse(null);
        if (named != null && args.size() > 1) {
            problems.add(at(call, "Cannot mix named and unnamed arguments"));
        } else if (named != null) {
            Set<String> given = new LinkedHashSet<>();
            for (MapEntryExpression entry : named.getMapEntryExpressions()) {
                if (!(entry.getKeyExpression() instanceof ConstantExpression key)) {
                    return problems; // a spread map (*:args): its names are known at run time only
                }
                String argument = String.valueOf(key.getValue());
                given.add(argument);
                if (!spec.knows(argument)) {
                    problems.add(at(entry.getKeyExpression(), "Invalid parameter \"" + argument + "\", did you mean \""
                            + BuiltinSteps.nearest(argument, spec.all()) + "\"?"));
                } else {
                    typeProblem(entry.getValueExpression(), spec.types().get(argument), argument).ifPresent(problems::add);
                }
            }
            spec.required().stream().filter(r -> problems.isEmpty() && !given.contains(r)).findFirst()
                    .ifPresent(r -> problems.add(at(call, "Missing required parameter: \"" + r + "\"")));
        } else if (args.size() > 1) {
            problems.add(at(call, "Arguments to \"" + name + "\" must be explicitly named."));
        } else if (args.size() == 1 && spec.sole() != null) {
            typeProblem(args.get(0), spec.types().get(spec.sole()), null).ifPresent(problems::add);
        } else if (args.size() == 1 && spec.sole() == null && isLiteral(args.get(0))) {
            problems.add(at(call, "Step does not take a single required parameter - use named parameters instead"));
        } else if (args.isEmpty() && spec.sole() != null && spec.required().contains(spec.sole())) {
            problems.add(at(call, "Missing required parameter: \"" + spec.sole() + "\""));
        }
        return problems;
    }

    /**
     * Jenkins' check of a literal argument against the type the step declares for it (ModelValidatorImpl's
     * validateParameterType): Groovy's own cast must take it (no text for a number, list or map, a valid name for
     * a time unit), and no whole number or boolean for text, no text or boolean for an {@code int}, which that cast
     * would take; no whole number beyond a long. A {@code null} type is not checked.
     */
    static java.util.Optional<Problem> typeProblem(Expression value, Class<?> type, String argument) {
        if (!(value instanceof ConstantExpression constant) || constant.getValue() == null) {
            return java.util.Optional.empty();
        }
        Object v = constant.getValue();
        if (v instanceof java.math.BigInteger big && big.bitLength() > 63) {
            return java.util.Optional.of(at(value, "BigIntegers cannot be used as constants in Declarative. The maximum "
                    + "value for an integer is 9,223,372,036,854,775,807 and the minimum value for an integer is "
                    + "-9,223,372,036,854,775,808."));
        }
        boolean wrong = type != null && (type == String.class && (v instanceof Integer || v instanceof Boolean)
                || type == int.class && (v instanceof String || v instanceof Boolean)
                || !castsTo(v, type));
        if (!wrong) {
            return java.util.Optional.empty();
        }
        String expected = type.toString();
        return java.util.Optional.of(at(value, argument == null
                ? "Expecting \"" + expected + "\" but got \"" + v + "\" of type " + v.getClass() + " instead"
                : "Expecting \"" + expected + "\" for parameter \"" + argument + "\" but got \"" + v + "\" of type "
                + v.getClass() + " instead"));
    }

    /**
     * Whether Groovy's cast turns {@code value} into a {@code type}: Jenkins' ScriptBytecodeAdapter.castToType,
     * which is this method.
     */
    private static boolean castsTo(Object value, Class<?> type) {
        try {
            org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation.castToType(value, type);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code FOO = ${env.X}} without quotes is, for Groovy, a call of a method named $ with a block. */
    static boolean isBareDollarCurly(MethodCallExpression call) {
        return call.isImplicitThis() && "$".equals(call.getMethodAsString())
                && DeclarativeValidator.arguments(call).size() == 1
                && DeclarativeValidator.arguments(call).get(0) instanceof ClosureExpression;
    }

    /** Jenkins' ModelParser.BareDollarCurly. */
    static String bareDollarCurly(String text) {
        return text + " cannot be used as a value directly. Did you mean \"" + text + "\"? (add quotes)";
    }

    private static boolean isLiteral(Expression e) {
        return e instanceof ConstantExpression || e instanceof GStringExpression;
    }

    private static Problem at(ASTNode node, String message) {
        return new Problem(node.getLineNumber(), node.getColumnNumber(), message);
    }

    private static String unsupported(String name, Set<String> allowed) {
        String hint = HINTS.get(name);
        if (hint != null) {
            return "'" + name + "' is not supported by the local runner (" + hint + ")";
        }
        String nearest = BuiltinSteps.nearest(name, allowed);
        boolean close = nearest != null && BuiltinSteps.distance(name, nearest) <= Math.max(2, name.length() / 4);
        return "'" + name + "' is not a step the local runner provides" + (close ? "; did you mean '" + nearest + "'?" : "");
    }

    private final class Visitor extends CodeVisitorSupport {
        final Deque<Block> blocks = new ArrayDeque<>();
        final List<Problem> problems = new ArrayList<>();
        final List<MethodCallExpression> sleeps = new ArrayList<>();
        final Set<String> ownMethods;
        final SourceUnit source;

        Visitor(Set<String> ownMethods, SourceUnit source) {
            this.ownMethods = ownMethods;
            this.source = source;
        }

        @Override
        public void visitVariableExpression(VariableExpression variable) {
            if (MISSING_GLOBALS.contains(variable.getName()) && variable.getAccessedVariable() instanceof DynamicVariable
                    && holdsSteps()) {
                problems.add(at(variable, "the global variable '" + variable.getName() + "' is not supported by the "
                        + "local runner (" + HINTS.get(variable.getName()) + ")"));
            }
        }

        private boolean holdsSteps() {
            Block block = blocks.peek();
            return block == Block.TOP || block == Block.STEPS;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            Block block = blocks.peek();
            if (isBareDollarCurly(call)) {
                problems.add(at(call, bareDollarCurly(SourceText.of(source, call))));
                return;
            }
            if (call.getObjectExpression() instanceof ClosureExpression) {
                super.visitMethodCallExpression(call); // "${ a; b }": Groovy calls the block, no step is named
                return;
            }
            if (!holdsSteps()) {
                // declarative structure (validated before): "when { ... } steps { ... }" on one line is the chain
                // when({...}).steps({...}); each link opens its block
                if (!call.isImplicitThis()) {
                    call.getObjectExpression().visit(this);
                }
                visitArguments(call, name == null ? Block.STEPS : child(block, name));
                return;
            }
            if (!call.isImplicitThis() || name == null) {
                super.visitMethodCallExpression(call);
                return;
            }
            Set<String> allowed = allowed(block, ownMethods);
            if (!allowed.contains(name)) {
                problems.add(at(call, unsupported(name, allowed)));
                return;
            }
            if (!ownMethods.contains(name)) {
                problems.addAll(argumentProblems(call, name, mlSteps));
            }
            if (name.equals("sleep")) {
                sleeps.add(call);
            }
            visitArguments(call, child(block, name));
        }

        private void visitArguments(MethodCallExpression call, Block inner) {
            for (Expression argument : DeclarativeValidator.arguments(call)) {
                visitArgument(argument, inner);
            }
        }

        private void visitArgument(Expression argument, Block inner) {
            if (argument instanceof ClosureExpression closure) {
                blocks.push(inner);
                try {
                    closure.getCode().visit(this);
                } finally {
                    blocks.pop();
                }
            } else if (argument instanceof MapExpression map) {
                for (MapEntryExpression entry : map.getMapEntryExpressions()) {
                    visitArgument(entry.getValueExpression(), inner);
                }
            } else if (holdsSteps() || blocks.peek() == Block.ENVIRONMENT) {
                argument.visit(this);
            }
        }
    }
}
