package hudson.util;

import org.jfree.data.category.CategoryDataset;

public final class DataSetBuilder<Row extends Comparable, Column extends Comparable> {
    public void add(Number value, Row rowKey, Column columnKey) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public CategoryDataset build() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
