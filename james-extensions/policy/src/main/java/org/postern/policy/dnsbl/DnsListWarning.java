package org.postern.policy.dnsbl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log line for a DNS list that did not answer. */
final class DnsListWarning {
    private static final Logger LOGGER = LoggerFactory.getLogger(DnsListWarning.class);

    private DnsListWarning() {
    }

    static void unavailable(String restriction, DnsList.Result.Unavailable result) {
        LOGGER.warn("{}: DNS list lookup error: {}", restriction, result.reason());
    }
}
