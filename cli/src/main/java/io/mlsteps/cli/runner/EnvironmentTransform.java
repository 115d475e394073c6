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
 * Prepares the declarative {@code environment { }} blocks for {@link EnvironmentResolver}: each
 * {@code NAME = value} becomes {@code declare('NAME', { value })}, so values are closures evaluated when needed
 * (as Jenkins' RuntimeASTTransformer makes them) instead of assignments run in order. Runs on the syntax tree
 * before Groovy resolves variables, so the new closures capture what the values refer to like any other.
 */
final class EnvironmentTransform {
    private EnvironmentTransform() {
    }

    /** Rewrites the environment blocks of a validated {@code pipeline { }} body and of all its stages. */
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
            case "stages", "parallel", "stage" -> {
                for (Statement inner : DeclarativeValidator.statements(block)) {
                    section(inner);
                }
            }
            default -> {
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
