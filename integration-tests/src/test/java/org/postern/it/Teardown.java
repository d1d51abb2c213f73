package org.postern.it;

/** Test teardown helpers. */
final class Teardown {
    private Teardown() {
    }

    /** Closes each resource that was opened (nulls are skipped), even when an earlier one fails to close. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
