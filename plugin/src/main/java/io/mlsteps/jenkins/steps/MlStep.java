package io.mlsteps.jenkins.steps;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Descriptor;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.mlsteps.contract.bind.ArgKind;
import io.mlsteps.contract.bind.ArgSpec;
import io.mlsteps.contract.bind.Values;
import io.mlsteps.contract.steps.ExecutionArgs;
import io.mlsteps.contract.steps.Steps;
import io.mlsteps.jenkins.config.MlStepsConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the seven ML steps, whose classes are generated from the contract's request records: the arguments a
 * pipeline front end handles itself ({@code failOnError}, {@code runDir}, {@code jvmOptions}, defaults from the
 * contract's {@link ExecutionArgs}), the quality gates, and the raw arguments handed to the contract's binder.
 */
public abstract class MlStep extends Step {
    private static final ExecutionArgs DEFAULTS = Steps.defaultExecution();

    private List<QualityGate> qualityGates = new ArrayList<>();
    private boolean failOnError = DEFAULTS.failOnError();
    private String runDir = DEFAULTS.runDir();
    private String jvmOptions;

    /** The step's Jenkinsfile function name, e.g. {@code trainModel}. */
    public abstract String getFunctionName();

    /** Puts the step's own arguments as the Jenkinsfile gave them (null when unset); generated. */
    protected abstract void putArguments(Map<String, Object> into);

    /** Sets a list or map argument from the Snippet Generator form's text; generated. */
    protected abstract void setFromText(String name, String text);

    public List<QualityGate> getQualityGates() {
        return qualityGates;
    }

    @DataBoundSetter
    public void setQualityGates(List<QualityGate> qualityGates) {
        this.qualityGates = qualityGates == null ? new ArrayList<>() : new ArrayList<>(qualityGates);
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    public String getRunDir() {
        return runDir;
    }

    @DataBoundSetter
    public void setRunDir(String runDir) {
        this.runDir = runDir == null || runDir.isBlank() ? DEFAULTS.runDir() : runDir.trim();
    }

    public String getJvmOptions() {
        return jvmOptions;
    }

    @DataBoundSetter
    public void setJvmOptions(String jvmOptions) {
        this.jvmOptions = text(jvmOptions);
    }

    /**
     * The raw arguments of the step's request, for the contract's binder: the step's own (unset ones left out)
     * and its quality gates.
     */
    public Map<String, Object> requestArguments() {
        Map<String, Object> all = new LinkedHashMap<>();
        putArguments(all);
        all.values().removeIf(v -> v == null);
        if (!qualityGates.isEmpty()) {
            List<Map<String, Object>> gates = new ArrayList<>();
            qualityGates.forEach(g -> gates.add(g.arguments()));
            all.put("qualityGates", gates);
        }
        return all;
    }

    /** A text argument: null (unset) when blank, as an empty Snippet Generator field sends it. */
    protected static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A list argument: a copy, and null (unset) when empty. */
    protected static List<String> list(List<String> values) {
        return values == null || values.isEmpty() ? null : new ArrayList<>(values);
    }

    /** A map argument: a copy in the Jenkinsfile's order, and null (unset) when empty. */
    protected static Map<String, Object> map(Map<String, ?> values) {
        return values == null || values.isEmpty() ? null : new LinkedHashMap<>(values);
    }

    /** A list of nested argument maps (e.g. trainModel's candidates): a copy, and null (unset) when empty. */
    protected static List<Map<String, Object>> records(List<Map<String, Object>> values) {
        return values == null || values.isEmpty() ? null : new ArrayList<>(values);
    }

    /**
     * The form's text of a list of nested argument maps: entries separated by {@code ;} or line breaks, each in the
     * contract's text form, e.g. {@code algorithm=cart, max_depth=4,8; algorithm=logistic_regression, c=0.1,1}.
     */
    protected static List<Map<String, Object>> entries(String text, Class<?> type) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String entry : text.split("[;\\n]")) {
            if (!entry.isBlank()) {
                out.add(io.mlsteps.contract.bind.Binder.fromText(io.mlsteps.contract.bind.RecordSpec.of(type), entry));
            }
        }
        return records(out);
    }

    /** The form's text of a list: {@code a, b}. */
    protected static List<String> items(String text) {
        return list(Values.splitList(text));
    }

    /** The form's text of a map: {@code name=value, name=value}, numbers and booleans typed. */
    protected static Map<String, Object> pairs(String text) {
        try {
            return map(Values.parsePairs(text, true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected name=value pairs: " + e.getMessage(), e);
        }
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new MlStepExecution(this, context, MlStepsConfiguration.get().settings());
    }

    /**
     * Descriptor base: the context every ML step needs; the function name, title and choices from the contract;
     * and the Snippet Generator's text fields for list and map arguments ({@code a, b}, {@code name=value}),
     * which the form binds as text and the Pipeline as lists and maps.
     */
    public abstract static class MlStepDescriptor extends StepDescriptor {
        private final String functionName;

        protected MlStepDescriptor(String functionName) {
            this.functionName = functionName;
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getDisplayName() {
            return Steps.info(functionName).title();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, Launcher.class, TaskListener.class, EnvVars.class, FlowNode.class);
        }

        /** The arguments the form holds as text: the lists, maps and lists of nested maps but the quality gates. */
        public List<String> textFields() {
            return Steps.spec(functionName).args().stream()
                    .filter(a -> a.kind() == ArgKind.LIST || a.kind() == ArgKind.MAP
                            || a.kind() == ArgKind.RECORDS && !a.name().equals("qualityGates"))
                    .map(ArgSpec::name).toList();
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws Descriptor.FormException {
            Map<String, String> texts = new LinkedHashMap<>();
            for (String field : textFields()) {
                Object value = formData.remove(field);
                if (value instanceof String s && !s.isBlank()) {
                    texts.put(field, s);
                }
            }
            MlStep step = (MlStep) super.newInstance(req, formData);
            try {
                texts.forEach(step::setFromText);
            } catch (IllegalArgumentException e) {
                throw new Descriptor.FormException(e.getMessage(), e, "");
            }
            return step;
        }

        /** A list or map value as the form shows it: {@code a, b} or {@code name=value, name=value}. */
        public String formText(Object value) {
            if (value instanceof Map<?, ?> m) {
                List<String> pairs = new ArrayList<>();
                m.forEach((k, v) -> pairs.add(k + "=" + String.valueOf(v).replace(",", "\\,")));
                return String.join(", ", pairs);
            }
            if (value instanceof Collection<?> c) {
                List<String> items = new ArrayList<>();
                c.forEach(v -> items.add(String.valueOf(v)));
                return String.join(", ", items);
            }
            return value == null ? "" : value.toString();
        }

        /** The choices of an argument from the contract, with an empty first entry when it may be left unset. */
        protected ListBoxModel choices(String argument) {
            return Choices.of(Steps.spec(functionName).arg(argument).orElseThrow());
        }
    }
}
