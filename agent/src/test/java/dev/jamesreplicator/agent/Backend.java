package dev.jamesreplicator.agent;

/** The James backends the hooks are proven on; a test taking one runs once on each ({@link OnEachBackend}). */
enum Backend {
    MEMORY {
        @Override
        TestJames start() {
            return InMemoryJames.start();
        }
    },
    JPA {
        @Override
        TestJames start() {
            return JpaJames.start();
        }
    };

    abstract TestJames start();
}
