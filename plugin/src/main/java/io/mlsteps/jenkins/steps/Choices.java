package io.mlsteps.jenkins.steps;

import hudson.util.ListBoxModel;
import io.mlsteps.contract.bind.ArgSpec;

/** A contract argument's allowed values as a Snippet Generator select list. */
final class Choices {
    private Choices() {
    }

    static ListBoxModel of(ArgSpec arg) {
        ListBoxModel items = new ListBoxModel();
        if (!arg.required() && arg.defaultValue() == null) {
            items.add("");
        }
        for (String value : arg.allowed()) {
            items.add(value);
        }
        return items;
    }
}
