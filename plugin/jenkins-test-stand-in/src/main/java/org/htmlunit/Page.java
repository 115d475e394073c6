package org.htmlunit;

public interface Page {
}
