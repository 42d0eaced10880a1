package dev.jamesreplicator.it.pair;

/** A user created on both nodes for one test, so tests never see each other's mail. */
public record TestUser(String address, String password) {
}
