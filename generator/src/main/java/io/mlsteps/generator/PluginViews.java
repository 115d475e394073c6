package io.mlsteps.generator;

import io.mlsteps.contract.StepInfo;
import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.RecordSpec;
import io.mlsteps.contract.gate.QualityGate;
import io.mlsteps.contract.steps.Steps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Snippet Generator's view of each step ({@code config.jelly}: the required arguments and the gates first, the
 * others under "Advanced", each field by its kind) and a help file per argument and per step, all from the
 * contract's declarations. Views are escape-by-default and free of scripts.
 */
final class PluginViews {
    private static final String JELLY = "<?jelly escape-by-default='true'?>\n"
            + "<j:jelly xmlns:j=\"jelly:core\" xmlns:f=\"/lib/form\">\n";

    private PluginViews() {
    }

    /** The files of a step's resource folder ({@code io/mlsteps/jenkins/steps/TrainModelStep/}) by file name. */
    static Map<String, String> step(RecordSpec<?> spec) {
        StepInfo info = spec.step().orElseThrow();
        List<ArgSpec> args = PluginSources.arguments(spec);
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder jelly = new StringBuilder(JELLY);
        args.stream().filter(ArgSpec::required).forEach(a -> entry(jelly, a, "  "));
        jelly.append("  <f:entry field=\"qualityGates\" title=\"qualityGates\">\n")
                .append("    <f:repeatableProperty field=\"qualityGates\" add=\"Add quality gate\"/>\n  </f:entry>\n");
        jelly.append("  <f:advanced>\n");
        args.stream().filter(a -> !a.required()).forEach(a -> entry(jelly, a, "    "));
        Steps.execution().args().forEach(a -> entry(jelly, a, "    "));
        jelly.append("  </f:advanced>\n</j:jelly>\n");
        files.put("config.jelly", jelly.toString());
        files.put("help.html", "<div>\n  <p>" + Markup.html(info.summary()) + "</p>\n"
                + "  <p>The step runs the mlsteps engine in its own JVM on the agent and returns a map: <code>status</code>, "
                + "<code>passed</code>, <code>stageResult</code>, <code>metrics</code>, <code>gates</code>, "
                + "<code>checks</code>, <code>outputs</code>, <code>report</code> and the step's details.</p>\n"
                + "  <p>In a Jenkinsfile, lists are Groovy lists (<code>['a', 'b']</code>) and maps Groovy maps "
                + "(<code>[name: value]</code>); in this form they are written <code>a, b</code> and "
                + "<code>name=value, name=value</code>.</p>\n</div>\n");
        for (ArgSpec a : spec.args()) {
            files.put("help-" + a.name() + ".html", help(a));
        }
        Steps.execution().args().forEach(a -> files.put("help-" + a.name() + ".html", help(a)));
        return files;
    }

    /** The files of the {@code qualityGate} describable's resource folder. */
    static Map<String, String> qualityGate() {
        RecordSpec<QualityGate> spec = RecordSpec.of(QualityGate.class);
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder jelly = new StringBuilder(JELLY);
        List<String> relative = List.of("maxDrop", "maxRelativeDrop", "minImprovement", "maxImprovement");
        spec.args().stream().filter(a -> !relative.contains(a.name())).forEach(a -> entry(jelly, a, "  "));
        jelly.append("  <f:advanced title=\"Bounds against the baseline (compareToBaseline)\">\n");
        spec.args().stream().filter(a -> relative.contains(a.name())).forEach(a -> entry(jelly, a, "    "));
        jelly.append("  </f:advanced>\n  <f:entry>\n    <div align=\"right\"><f:repeatableDeleteButton/></div>\n")
                .append("  </f:entry>\n</j:jelly>\n");
        files.put("config.jelly", jelly.toString());
        for (ArgSpec a : spec.args()) {
            files.put("help-" + a.name() + ".html", help(a));
        }
        return files;
    }

    private static void entry(StringBuilder jelly, ArgSpec a, String indent) {
        jelly.append(indent).append("<f:entry field=\"").append(a.name()).append("\" title=\"").append(a.name())
                .append("\">\n").append(indent).append("  ").append(control(a)).append('\n')
                .append(indent).append("</f:entry>\n");
    }

    /** The form control of an argument, by its kind. */
    private static String control(ArgSpec a) {
        return switch (a.kind()) {
            case BOOLEAN -> "<f:checkbox default=\"" + Boolean.parseBoolean(a.defaultValue()) + "\"/>";
            case CHOICE -> a.defaultValue() == null ? "<f:select/>" : "<f:select default=\"" + a.defaultValue() + "\"/>";
            case NUMBER -> "<f:number step=\"any\"/>";
            case INTEGER -> "<f:number/>";
            case LIST, MAP -> "<f:textbox value=\"${descriptor.formText(instance." + a.name() + ")}\"/>";
            default -> a.defaultValue() == null ? "<f:textbox/>" : "<f:textbox default=\"" + Markup.html(a.defaultValue()) + "\"/>";
        };
    }

    /** A help file: the meaning, the default and the accepted values. */
    static String help(ArgSpec a) {
        StringBuilder h = new StringBuilder("<div>\n  <p>").append(Markup.html(a.doc())).append(".</p>\n");
        if (a.required()) {
            h.append("  <p>Required.</p>\n");
        } else if (a.defaultText() != null) {
            h.append("  <p>Default: ").append(Markup.html(a.defaultText().equals(a.defaultValue())
                    ? "`" + a.defaultValue() + "`" : a.defaultText())).append(a.unit().isEmpty() ? "" : " " + a.unit())
                    .append(".</p>\n");
        }
        if (!a.allowed().isEmpty()) {
            h.append("  <p>One of ").append(Markup.html(String.join(", ",
                    a.allowed().stream().map(v -> "`" + v + "`").toList()))).append(".</p>\n");
        }
        if (a.kind() == ArgKind.LIST) {
            h.append("  <p>In a Jenkinsfile a list, e.g. <code>").append(a.name())
                    .append(": ['a', 'b']</code>; in the form <code>a, b</code>.</p>\n");
        } else if (a.kind() == ArgKind.MAP) {
            h.append("  <p>In a Jenkinsfile a map, e.g. <code>").append(a.name())
                    .append(": [name: value]</code>; in the form <code>name=value, name=value</code>.</p>\n");
        }
        return h.append("</div>\n").toString();
    }
}
