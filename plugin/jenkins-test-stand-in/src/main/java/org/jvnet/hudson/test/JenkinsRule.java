package org.jvnet.hudson.test;

import hudson.model.Label;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.slaves.DumbSlave;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.util.concurrent.Future;

/** jenkins-test-harness's JenkinsRule, the members the plugin's tests use. */
public class JenkinsRule {
    public Jenkins jenkins;

    public <T extends TopLevelItem> T createProject(Class<T> type, String name) throws IOException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public DumbSlave createOnlineSlave() throws Exception {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public DumbSlave createOnlineSlave(Label l) throws Exception {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <R extends Run> R assertBuildStatus(Result status, R r) throws Exception {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <R extends Run> R assertBuildStatus(Result status, Future<? extends R> r) throws Exception {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void assertLogContains(String substring, Run run) throws IOException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public static String getLog(Run run) throws IOException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <R extends Run<?, ?>> R waitForCompletion(R r) throws InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public <R extends Run<?, ?>> R waitForMessage(String message, R r) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public void assertEqualDataBoundBeans(Object lhs, Object rhs) throws Exception {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    public WebClient createWebClient() {
        throw new UnsupportedOperationException("compile-check stand-in");
    }

    /** (The real one extends org.htmlunit.WebClient.) */
    public class WebClient {
        public HtmlPage getPage(Run r) throws IOException, SAXException {
        throw new UnsupportedOperationException("compile-check stand-in");
        }

        public HtmlPage getPage(Run r, String relative) throws IOException, SAXException {
        throw new UnsupportedOperationException("compile-check stand-in");
        }

        public Page goTo(String relative, String expectedContentType) throws IOException, SAXException {
        throw new UnsupportedOperationException("compile-check stand-in");
        }
    }
}
