package io.mlsteps.jenkins.steps;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import io.mlsteps.jenkins.engine.GateSpec;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.Serializable;

/**
 * One entry of {@code qualityGates: [[metric: 'accuracy', threshold: 0.85, criticality: 'FAILURE']]}, the shape
 * users of the coverage and warnings-ng plugins know.
 */
public class QualityGate implements Describable<QualityGate>, Serializable {
    private static final long serialVersionUID = 1L;

    private final String metric;
    private final double threshold;
    private String criticality = "UNSTABLE";
    private String direction;

    @DataBoundConstructor
    public QualityGate(String metric, double threshold) {
        this.metric = metric;
        this.threshold = threshold;
    }

    public String getMetric() {
        return metric;
    }

    public double getThreshold() {
        return threshold;
    }

    public String getCriticality() {
        return criticality;
    }

    /** NOTE, UNSTABLE (default), ERROR or FAILURE. */
    @DataBoundSetter
    public void setCriticality(String criticality) {
        this.criticality = criticality == null || criticality.isBlank() ? "UNSTABLE" : criticality.trim();
    }

    public String getDirection() {
        return direction;
    }

    /** HIGHER_IS_BETTER or LOWER_IS_BETTER; empty when the engine knows the metric's direction. */
    @DataBoundSetter
    public void setDirection(String direction) {
        this.direction = direction == null || direction.isBlank() ? null : direction.trim();
    }

    /** The plain value the engine request is built from; validates criticality and direction. */
    public GateSpec toSpec() {
        return new GateSpec(metric, threshold, criticality, direction);
    }

    @Extension
    @Symbol("qualityGate")
    public static class DescriptorImpl extends Descriptor<QualityGate> {
        @Override
        public String getDisplayName() {
            return "Quality gate";
        }

        public ListBoxModel doFillCriticalityItems() {
            ListBoxModel items = new ListBoxModel();
            for (String value : GateSpec.CRITICALITIES) {
                items.add(value);
            }
            return items;
        }

        public ListBoxModel doFillDirectionItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("");
            for (String value : GateSpec.DIRECTIONS) {
                items.add(value);
            }
            return items;
        }
    }
}
