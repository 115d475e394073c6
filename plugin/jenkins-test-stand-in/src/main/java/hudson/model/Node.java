package hudson.model;

public abstract class Node {
    public abstract String getNodeName();
}
