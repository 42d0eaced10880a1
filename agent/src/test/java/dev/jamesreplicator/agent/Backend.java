package dev.jamesreplicator.agent;

/** The James backends the hooks are proven on; a test taking one runs once on each ({@link OnEachBackend}). */
public enum Backend {
    MEMORY {
        @Override
        public TestJames start() {
            return InMemoryJames.start();
        }
    },
    JPA {
        @Override
        public TestJames start() {
            return JpaJames.start();
        }
    };

    public abstract TestJames start();
}
