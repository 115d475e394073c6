package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    protected Job(ItemGroup parent, String name) {
        super(parent, name);
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
