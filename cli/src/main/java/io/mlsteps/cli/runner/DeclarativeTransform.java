package io.mlsteps.cli.runner;

import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.ast.stmt.Statement;

import java.util.List;

/**
 * Prepares a validated {@code pipeline { }} for the builders, on the syntax tree before Groovy resolves variables
 * (so new closures capture what they refer to like any other):
 * <ul>
 * <li>each {@code NAME = value} of an {@code environment { }} block becomes {@code declare('NAME', { value })}, so
 * values are closures evaluated when needed (as Jenkins' RuntimeASTTransformer makes them) for
 * {@link EnvironmentResolver}, instead of assignments run in order;</li>
 * <li>the when condition {@code equals(expected: ..., actual: ...)} becomes {@code whenEquals(...)}: inside a
 * closure Groovy would answer {@code equals} with the closure's own {@code Object.equals}.</li>
 * </ul>
 */
final class DeclarativeTransform {
    private DeclarativeTransform() {
    }

    /** Rewrites the environment and when blocks of a validated {@code pipeline { }} body and of all its stages. */
    static void rewrite(ClosureExpression pipelineBody) {
        for (Statement statement : DeclarativeValidator.statements(pipelineBody)) {
            section(statement);
        }
    }

    private static void section(Statement statement) {
        MethodCallExpression call = DeclarativeValidator.call(statement);
        ClosureExpression block = call == null ? null : DeclarativeValidator.closure(call);
        if (block == null) {
            return;
        }
        switch (call.getMethodAsString()) {
            case "environment" -> environment(block);
            case "when" -> when(block);
            case "stages", "parallel", "stage" -> {
                for (Statement inner : DeclarativeValidator.statements(block)) {
                    section(inner);
                }
            }
            default -> {
            }
        }
    }

    private static void when(ClosureExpression block) {
        for (Statement statement : DeclarativeValidator.statements(block)) {
            MethodCallExpression condition = DeclarativeValidator.call(statement);
            if (condition == null) {
                continue;
            }
            if (condition.getMethodAsString().equals("equals")) {
                condition.setMethod(new ConstantExpression("whenEquals"));
            } else if (DeclarativeValidator.closure(condition) != null) {
                when(DeclarativeValidator.closure(condition)); // not, allOf, anyOf
            }
        }
    }

    private static void environment(ClosureExpression block) {
        List<Statement> entries = DeclarativeValidator.statements(block);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof ExpressionStatement s && s.getExpression() instanceof BinaryExpression assign
                    && assign.getLeftExpression() instanceof VariableExpression name) {
                ReturnStatement value = new ReturnStatement(assign.getRightExpression());
                value.setSourcePosition(assign.getRightExpression());
                ClosureExpression closure = new ClosureExpression(Parameter.EMPTY_ARRAY, new BlockStatement(
                        new java.util.ArrayList<>(List.of(value)), new org.codehaus.groovy.ast.VariableScope()));
                closure.setSourcePosition(assign.getRightExpression());
                MethodCallExpression declare = new MethodCallExpression(VariableExpression.THIS_EXPRESSION, "declare",
                        DeclarativeValidator.args(new ConstantExpression(name.getName()), closure));
                declare.setImplicitThis(true);
                declare.setSourcePosition(assign);
                ExpressionStatement replaced = new ExpressionStatement(declare);
                replaced.setSourcePosition(s);
                if (block.getCode() instanceof BlockStatement body) {
                    body.getStatements().set(i, replaced);
                } else {
                    block.setCode(replaced);
                }
            }
        }
    }
}
