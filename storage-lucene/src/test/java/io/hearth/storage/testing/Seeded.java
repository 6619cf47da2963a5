package io.hearth.storage.testing;

import java.util.Random;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a test method a {@link Random} parameter from a seed, and names the seed when the test
 * fails so that the failure can be replayed with {@code -Dtests.seed=<seed>}.
 *
 * <p>Use with {@code @ExtendWith(Seeded.class)}. Without {@code tests.seed}, each test method
 * draws a fresh seed.
 */
public final class Seeded implements ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Seeded.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Random.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        long seed = seed();
        extensionContext.getStore(NS).put("seed", seed);
        return new Random(seed);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        Long seed = context.getStore(NS).get("seed", Long.class);
        if (seed != null) {
            throwable.addSuppressed(new SeedInfo(seed));
            System.err.println("FAILED " + context.getDisplayName() + " with -Dtests.seed=" + seed);
        }
        throw throwable;
    }

    private static long seed() {
        String fixed = System.getProperty("tests.seed");
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return new Random().nextLong();
    }

    /** Attached to a failure so the seed shows in the report next to the stack trace. */
    static final class SeedInfo extends RuntimeException {
        SeedInfo(long seed) {
            super("reproduce with -Dtests.seed=" + seed, null, false, false);
        }
    }
}
