package hudson.model;

/** Core's ItemGroup, reduced to the type (the plugin never calls it). */
public interface ItemGroup<T> {
}
