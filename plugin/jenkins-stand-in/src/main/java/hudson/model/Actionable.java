package hudson.model;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Signatures of core's Actionable; modelled: a list of persistent actions (no transient action factories). */
public abstract class Actionable {
    private final List<Action> actions = new CopyOnWriteArrayList<>();

    public List<Action> getActions() {
        return actions;
    }

    public void addAction(Action a) {
        actions.add(a);
    }

    public boolean addOrReplaceAction(Action a) {
        for (Action existing : actions) {
            if (existing.getClass() == a.getClass()) {
                actions.remove(existing);
            }
        }
        actions.add(a);
        return true;
    }

    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : actions) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
