package org.postern.persistence;

/** For the caching decorators: a change goes to the database, then the cache forgets, even if it failed. */
final class Forgetting {
    private Forgetting() {
    }

    @FunctionalInterface
    interface Change<E extends Exception> {
        void apply() throws E;
    }

    static <E extends Exception> void after(Change<E> change, Runnable forget) throws E {
        try {
            change.apply();
        } finally {
            forget.run();
        }
    }
}
