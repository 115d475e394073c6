package io.mlsteps.generator;

import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.ArgSpec;

/** An argument's declared text in the form each output needs: HTML for help files, Markdown for the docs. */
final class Markup {
    private Markup() {
    }

    /** Escapes HTML and turns {@code `code`} spans into {@code <code>} elements. */
    static String html(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        StringBuilder sb = new StringBuilder();
        boolean code = false;
        for (char c : escaped.toCharArray()) {
            if (c == '`') {
                sb.append(code ? "</code>" : "<code>");
                code = !code;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Text for a Markdown table cell: pipes escaped, on one line. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** The default as the docs show it: the declared text, or the value in code, or "none". */
    static String defaultCell(ArgSpec arg) {
        if (arg.required()) {
            return "required";
        }
        if (arg.defaultText() == null) {
            return "none";
        }
        if (!arg.defaultText().equals(arg.defaultValue())) {
            return cell(arg.defaultText());
        }
        String value = arg.defaultValue();
        if (arg.kind() == ArgKind.LIST) {
            return "`" + cell(value) + "`";
        }
        return "`" + cell(value) + "`" + (arg.unit().isEmpty() ? "" : " " + arg.unit());
    }

    /** The meaning column: the doc, the unit and the accepted values when the doc does not list them. */
    static String meaning(ArgSpec arg) {
        StringBuilder sb = new StringBuilder(arg.doc());
        if (!arg.unit().isEmpty() && arg.defaultValue() == null) {
            sb.append(" (").append(arg.unit()).append(')');
        }
        if (!arg.allowed().isEmpty() && arg.allowed().stream().anyMatch(v -> !arg.doc().contains("`" + v + "`"))) {
            sb.append("; one of ").append(String.join(", ", arg.allowed().stream().map(v -> "`" + v + "`").toList()));
        }
        return cell(sb.toString());
    }

    /** {@code labelColumn} → {@code LabelColumn}. */
    static String capital(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
