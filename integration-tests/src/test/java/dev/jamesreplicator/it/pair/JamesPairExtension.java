package dev.jamesreplicator.it.pair;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link JamesPair} of this test run. It is started on first use and kept in
 * the root context's store, so every test class shares it (starting a pair costs 15-20 s) and it
 * is stopped when the run ends; a JVM shutdown hook stops it if the run is cut short.
 */
public final class JamesPairExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(JamesPairExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == JamesPair.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(StartedPair.class, key -> StartedPair.start(), StartedPair.class)
                .pair();
    }

    /** The shared pair, or why it could not start (so later classes fail at once, not after another try). */
    private static final class StartedPair implements ExtensionContext.Store.CloseableResource {
        private final JamesPair pair;
        private final RuntimeException failure;

        private StartedPair(JamesPair pair, RuntimeException failure) {
            this.pair = pair;
            this.failure = failure;
        }

        static StartedPair start() {
            JamesPair pair = JamesPair.fromSystemProperties();
            Runtime.getRuntime().addShutdownHook(new Thread(pair::close, "james-pair-down"));
            try {
                pair.start();
                return new StartedPair(pair, null);
            } catch (Exception e) {
                pair.close();
                return new StartedPair(null, new IllegalStateException("the James pair did not start: " + e.getMessage(), e));
            }
        }

        JamesPair pair() {
            if (failure != null) {
                throw failure;
            }
            return pair;
        }

        @Override
        public void close() {
            if (pair != null) {
                pair.close();
            }
        }
    }
}
