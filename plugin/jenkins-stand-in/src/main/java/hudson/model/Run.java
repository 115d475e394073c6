package hudson.model;

import java.io.File;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    public Result getResult() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void setResult(Result r) {
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

    public final long getTimeInMillis() {
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
