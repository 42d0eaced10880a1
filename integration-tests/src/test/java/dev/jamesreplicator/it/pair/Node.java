package dev.jamesreplicator.it.pair;

/** The two servers of the pair, named as bin/james-pair names them. */
public enum Node {
    A("a"), B("b");

    private final String launcherName;

    Node(String launcherName) {
        this.launcherName = launcherName;
    }

    /** The node's name on the launcher's command line and in its {@code env} output (upper case). */
    public String launcherName() {
        return launcherName;
    }

    public Node twin() {
        return this == A ? B : A;
    }

    @Override
    public String toString() {
        return launcherName;
    }
}
