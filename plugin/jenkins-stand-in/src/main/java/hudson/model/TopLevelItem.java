package hudson.model;

/** Core's TopLevelItem, reduced to the type. */
public interface TopLevelItem extends Item {
}
