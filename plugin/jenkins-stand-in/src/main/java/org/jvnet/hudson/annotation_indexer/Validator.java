package org.jvnet.hudson.annotation_indexer;

/** annotation-indexer's Validator, reduced to the type. */
public interface Validator {
}
