package io.mlsteps.cli.runner;

import io.mlsteps.run.StepCatalog;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
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
 * Checks a compiled Jenkinsfile before anything runs: every call of a step or block ({@code sh},
 * {@code stages}, {@code when}, ...) must be one the runner supports in the block it appears in. Jenkins
 * itself validates declarative pipelines before running them; this does the same, so an unsupported step
 * or syntax is an error naming it and its line, never a silently skipped stage.
 */
final class PipelineChecker extends CompilationCustomizer {

    /** The blocks of a Jenkinsfile, each with the calls it allows. */
    enum Block {
        TOP("the top level"), PIPELINE("pipeline { }"), AGENT("agent { }"), ENVIRONMENT("environment { }"),
        PARAMETERS("parameters { }"), OPTIONS("options { }"), TRIGGERS("triggers { }"), STAGES("stages { }"),
        STAGE("stage { }"), WHEN("when { }"), POST("post { }"), STEPS("steps { }");

        final String shown;

        Block(String shown) {
            this.shown = shown;
        }
    }

    /** The steps that run in steps, script, post and scripted blocks (ML steps are added from the catalog). */
    static final Set<String> STEPS = new TreeSet<>(List.of("sh", "echo", "error", "unstable", "dir", "withEnv",
            "archiveArtifacts", "junit", "readJSON", "writeJSON", "readFile", "writeFile", "fileExists",
            "timeout", "retry", "script", "parallel", "stage", "node", "catchError", "warnError", "sleep", "pwd",
            "deleteDir", "isUnix", "checkout", "println", "print"));

    static final Set<String> PIPELINE = Set.of("agent", "environment", "parameters", "options", "triggers", "stages",
            "post");
    static final Set<String> PARAMETERS = Set.of("string", "booleanParam", "choice", "text", "password");
    /** Options the runner honours (timeout, retry, skipStagesAfterUnstable) or notes as not applying here. */
    static final Set<String> OPTIONS = Set.of("timeout", "retry", "skipStagesAfterUnstable", "buildDiscarder",
            "logRotator", "timestamps", "disableConcurrentBuilds", "skipDefaultCheckout", "ansiColor",
            "quietPeriod", "preserveStashes", "disableResume", "durabilityHint", "parallelsAlwaysFailFast",
            "checkoutToSubdirectory", "newContainerPerStage");
    static final Set<String> TRIGGERS = Set.of("cron", "pollSCM", "upstream");
    static final Set<String> STAGE = Set.of("agent", "environment", "options", "when", "steps", "stages", "parallel",
            "post", "failFast");
    static final Set<String> WHEN = Set.of("branch", "environment", "expression", "not", "allOf", "anyOf",
            "beforeAgent", "beforeOptions");
    static final Set<String> POST = Set.of("always", "success", "unstable", "failure", "changed", "cleanup",
            "fixed", "regression", "aborted", "unsuccessful");

    private final String fileName;

    PipelineChecker(String fileName) {
        super(CompilePhase.CANONICALIZATION);
        this.fileName = fileName;
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
        Visitor visitor = new Visitor(ownMethods);
        for (MethodNode method : classNode.getMethods()) {
            if (method.getCode() == null || method.getName().equals("main")) {
                continue;
            }
            visitor.blocks.clear();
            visitor.blocks.push(method.getName().equals("run") ? Block.TOP : Block.STEPS);
            method.getCode().visit(visitor);
        }
        if (!visitor.problems.isEmpty()) {
            Problem first = visitor.problems.get(0);
            StringBuilder message = new StringBuilder(first.message);
            for (Problem other : visitor.problems.subList(1, visitor.problems.size())) {
                message.append("; also line ").append(other.line).append(": ").append(other.message);
            }
            throw new JenkinsfileException(fileName, first.line, first.column, message.toString());
        }
    }

    record Problem(int line, int column, String message) {
    }

    static Set<String> allowed(Block block, Set<String> ownMethods) {
        return switch (block) {
            case TOP -> union(STEPS, Set.of("pipeline"), StepCatalog.names(), ownMethods);
            case PIPELINE -> PIPELINE;
            case AGENT -> Set.of();
            case ENVIRONMENT, STEPS -> union(STEPS, StepCatalog.names(), ownMethods);
            case PARAMETERS -> PARAMETERS;
            case OPTIONS -> OPTIONS;
            case TRIGGERS -> TRIGGERS;
            case STAGES -> Set.of("stage");
            case STAGE -> STAGE;
            case WHEN -> WHEN;
            case POST -> POST;
        };
    }

    /** The block a closure passed to {@code name} inside {@code block} opens. */
    static Block child(Block block, String name) {
        return switch (block) {
            case TOP, STEPS, ENVIRONMENT -> name.equals("pipeline") && block == Block.TOP ? Block.PIPELINE : Block.STEPS;
            case PIPELINE, STAGE -> switch (name) {
                case "agent" -> Block.AGENT;
                case "environment" -> Block.ENVIRONMENT;
                case "parameters" -> Block.PARAMETERS;
                case "options" -> Block.OPTIONS;
                case "triggers" -> Block.TRIGGERS;
                case "stages", "parallel" -> Block.STAGES;
                case "when" -> Block.WHEN;
                case "post" -> Block.POST;
                default -> Block.STEPS;
            };
            case STAGES -> Block.STAGE;
            case WHEN -> name.equals("expression") ? Block.STEPS : Block.WHEN;
            case POST -> Block.STEPS;
            case AGENT, PARAMETERS, OPTIONS, TRIGGERS -> block;
        };
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    private static final Map<String, String> HINTS = Map.of(
            "bat", "Windows batch does not run here; use sh",
            "powershell", "use sh",
            "input", "a local run cannot wait for a person; use a parameter (-p name=value) instead",
            "withCredentials", "export the secret in the environment of the local run instead",
            "credentials", "export the secret in the environment of the local run instead",
            "stash", "the local run has one workspace; files are already where the next stage looks",
            "unstash", "the local run has one workspace; files are already where the next stage looks",
            "tools", "install the tools on this machine");

    private final class Visitor extends CodeVisitorSupport {
        final Deque<Block> blocks = new ArrayDeque<>();
        final List<Problem> problems = new ArrayList<>();
        final Set<String> ownMethods;

        Visitor(Set<String> ownMethods) {
            this.ownMethods = ownMethods;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            String name = call.getMethodAsString();
            Block block = blocks.peek();
            boolean chained = !call.isImplicitThis() && block != Block.TOP && block != Block.STEPS
                    && block != Block.ENVIRONMENT && rootedInImplicitCall(call.getObjectExpression());
            if (chained) {
                // "when { ... } steps { ... }" on one line is the chain when({...}).steps({...}); the builders
                // return themselves, so each link is a call in the same block
                call.getObjectExpression().visit(this);
            } else if (!call.isImplicitThis() || name == null) {
                super.visitMethodCallExpression(call);
                return;
            }
            if (block == Block.AGENT) {
                return; // agent is noted, not enforced: its content is not interpreted
            }
            Set<String> allowed = allowed(block, ownMethods);
            if (!allowed.contains(name)) {
                String hint = HINTS.get(name);
                problems.add(new Problem(call.getLineNumber(), call.getColumnNumber(),
                        "'" + name + "' is not supported in " + block.shown + " by the local runner"
                                + (hint != null ? " (" + hint + ")" : "; supported here: " + String.join(", ", new TreeSet<>(allowed)))));
                return;
            }
            Block inner = child(block, name);
            visitArguments(call.getArguments(), inner);
        }

        private boolean rootedInImplicitCall(Expression e) {
            return e instanceof MethodCallExpression m
                    && (m.isImplicitThis() || rootedInImplicitCall(m.getObjectExpression()));
        }

        private void visitArguments(Expression arguments, Block inner) {
            if (arguments instanceof TupleExpression tuple) {
                for (Expression e : tuple.getExpressions()) {
                    visitArgument(e, inner);
                }
            } else {
                visitArgument(arguments, inner);
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
            } else if (argument instanceof org.codehaus.groovy.ast.expr.NamedArgumentListExpression
                    || argument instanceof org.codehaus.groovy.ast.expr.MapExpression) {
                for (var entry : ((org.codehaus.groovy.ast.expr.MapExpression) argument).getMapEntryExpressions()) {
                    visitArgument(entry.getValueExpression(), inner);
                }
            } else if (argument instanceof ArgumentListExpression list) {
                visitArguments(list, inner);
            } else {
                argument.visit(this);
            }
        }
    }
}
