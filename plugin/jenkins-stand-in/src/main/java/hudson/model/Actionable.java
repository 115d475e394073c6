package hudson.model;


public abstract class Actionable {
    public void addAction(Action a) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
