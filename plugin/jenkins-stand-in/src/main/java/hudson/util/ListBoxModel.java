package hudson.util;

import java.util.ArrayList;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> {
    public ListBoxModel() {
    }

    public ListBoxModel add(String nameAndValue) {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public static final class Option {
    }
}
