package org.htmlunit.html;

import org.htmlunit.Page;

/** HtmlUnit's HtmlPage, reduced to what the tests call. */
public class HtmlPage implements Page {
    public String asNormalizedText() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }
}
