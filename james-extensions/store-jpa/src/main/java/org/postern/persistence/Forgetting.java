package org.postern.persistence;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;

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

    /** The same for a reactive change: forgets once it completes, fails or is cancelled. */
    static Publisher<Void> afterReactive(Publisher<Void> change, Runnable forget) {
        return Mono.from(change).doFinally(signal -> forget.run());
    }
}
