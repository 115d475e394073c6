package hudson.model;

public class Queue {
    public interface Executable extends Runnable {
    }
}
