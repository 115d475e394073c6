package io.mlsteps.cli.runner;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.control.SourceUnit;

/** The Jenkinsfile's own text of a syntax tree node, for messages that quote it as Jenkins does. */
final class SourceText {
    private SourceText() {
    }

    static String of(SourceUnit source, ASTNode node) {
        if (node.getLineNumber() < 1 || node.getLastLineNumber() < node.getLineNumber()) {
            return node.getText();
        }
        StringBuilder text = new StringBuilder();
        for (int line = node.getLineNumber(); line <= node.getLastLineNumber(); line++) {
            String content = source.getSource().getLine(line, null);
            if (content == null) {
                return node.getText();
            }
            int from = line == node.getLineNumber() ? Math.max(0, node.getColumnNumber() - 1) : 0;
            int to = line == node.getLastLineNumber() ? Math.min(content.length(), node.getLastColumnNumber() - 1)
                    : content.length();
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(content, Math.min(from, to), to);
        }
        return text.toString().trim();
    }
}
