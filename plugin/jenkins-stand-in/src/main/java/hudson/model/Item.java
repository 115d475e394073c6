package hudson.model;

/** Core's Item, reduced to the type. */
public interface Item {
}
