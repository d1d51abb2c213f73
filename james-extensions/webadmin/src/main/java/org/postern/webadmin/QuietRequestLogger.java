package org.postern.webadmin;

import org.apache.james.webadmin.mdc.LoggingRequestFilter;
import org.apache.james.webadmin.mdc.RequestId;
import org.apache.james.webadmin.mdc.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;

/**
 * Logs each webadmin request (method and path, at debug level) without reading its body or query: James's
 * default logger put every body, user passwords included, into the log context.
 */
public class QuietRequestLogger implements RequestLogger {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoggingRequestFilter.class);

    @Override
    public boolean applies(Request request) {
        return true;
    }

    @Override
    public void log(Request request, RequestId requestId) {
        LOGGER.debug("webadmin request {} {} {}", requestId.asString(), request.requestMethod(), request.pathInfo());
    }
}
