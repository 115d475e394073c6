package jenkins.tasks;

import hudson.model.Action;

import java.util.Collection;

public interface SimpleBuildStep {
    interface LastBuildAction extends Action {
        Collection<? extends Action> getProjectActions();
    }
}
