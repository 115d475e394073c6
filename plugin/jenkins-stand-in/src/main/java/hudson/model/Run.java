package hudson.model;

import jenkins.model.RunAction2;

import java.io.File;
import java.io.IOException;

/**
 * Signatures of core's Run. Modelled where the plugin depends on the behaviour: {@link #addAction} attaches a
 * {@link RunAction2}, {@link #setResult} only makes the result worse. Everything else is for a test subclass to
 * answer.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    private volatile Result result;

    protected Run(JobT job) throws IOException {
    }

    @Override
    public void addAction(Action a) {
        super.addAction(a);
        if (a instanceof RunAction2 action) {
            action.onAttached(this);
        }
    }

    public Result getResult() {
        return result;
    }

    public void setResult(Result r) {
        if (result == null || r.isWorseThan(result)) {
            result = r;
        }
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public JobT getParent() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public RunT getPreviousBuild() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public static Run<?, ?> fromExternalizableId(String id) throws IllegalArgumentException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
