package org.postern.webadmin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import javax.servlet.ReadListener;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.postern.policy.login.LoginFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door of webadmin, in front of Spark and James's filters (which read every body before anything
 * else): nothing of a request's body is read before these checks pass, in this order:
 * <ol>
 * <li>an address refused for failed logins ({@code auth_failure_limit}) gets {@code 429} with Retry-After;</li>
 * <li>a request a web page made ({@code Origin}, or {@code Sec-Fetch-Site} other than {@code none}) gets
 *     {@code 403}: no page in the admin's browser may drive webadmin, and no CORS header is ever sent;</li>
 * <li>without credentials, {@code GET /healthcheck} is answered with the bare status (for load balancers),
 *     anything else {@code 401}; wrong credentials count as a failed login;</li>
 * <li>a path with {@code ;} or with escapes that are not UTF-8, or such a query, gets {@code 400}; the routes see
 *     the query's parameters only, never a form body's ({@link QueryStringParameters});</li>
 * <li>a body over the limit of its route ({@link WebAdminLimits}) gets {@code 413}, from its declared length,
 *     or after reading one byte more than the limit when it comes chunked.</li>
 * </ol>
 * The client's address is the socket's peer: forwarding headers are not trusted. Every refusal is JSON, as
 * webadmin's other errors.
 */
final class WebAdminGate extends HandlerWrapper {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebAdminGate.class);
    static final String HEALTHCHECK = "/healthcheck";

    private final WebAdminCredentials credentials;
    private final LoginFailures loginFailures;
    private final WebAdminLimits limits;
    private final Supplier<HealthStatus> health;

    /** The bare health of the server, as the unauthenticated healthcheck tells it. */
    record HealthStatus(String status, boolean unhealthy) {
    }

    WebAdminGate(WebAdminCredentials credentials, LoginFailures loginFailures, WebAdminLimits limits,
                 Supplier<HealthStatus> health) {
        this.credentials = credentials;
        this.loginFailures = loginFailures;
        this.limits = limits;
        this.health = health;
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
        String client = base.getRemoteAddr();
        Optional<Instant> banned = loginFailures.bannedUntil(client);
        if (banned.isPresent()) {
            tooManyFailures(base, response, client, banned.get());
            return;
        }
        if (fromAWebPage(request)) {
            refuse(base, response, 403, "Forbidden", "requests made by web pages are refused: use webadmin from a script or the command line");
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null && "GET".equals(request.getMethod()) && HEALTHCHECK.equals(target)) {
            HealthStatus status = health.get();
            reply(base, response, status.unhealthy() ? 503 : 200, "{\"status\":\"" + status.status() + "\"}");
            return;
        }
        if (!credentials.authenticates(authorization)) {
            if (authorization != null) {
                Optional<Instant> ban = loginFailures.failed(client, "webadmin", WebAdminCredentials.claimedUser(authorization).orElse(null));
                if (ban.isPresent()) {
                    tooManyFailures(base, response, client, ban.get());
                    return;
                }
            }
            response.setHeader("WWW-Authenticate", BasicAuthenticationFilter.CHALLENGE);
            reply(base, response, 401, BasicAuthenticationFilter.UNAUTHORIZED_BODY);
            return;
        }
        HttpServletRequest forwarded;
        try {
            forwarded = QueryStringParameters.of(request, request.getRequestURI(), request.getQueryString());
        } catch (IllegalArgumentException e) {
            refuse(base, response, 400, "InvalidArgument", e.getMessage());
            return;
        }
        long limit = limits.bodyLimit(target);
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(base, response, limit);
            return;
        }
        if (declared < 0 && isChunked(request)) {
            byte[] body = readAtMost(request.getInputStream(), limit + 1);
            if (body.length > limit) {
                tooLarge(base, response, limit);
                return;
            }
            forwarded = new BufferedBody(forwarded, body);
        }
        super.handle(target, base, forwarded, new WithoutCors(response));
    }

    private static boolean fromAWebPage(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        return request.getHeader("Origin") != null || (fetchSite != null && !fetchSite.equalsIgnoreCase("none"));
    }

    private static boolean isChunked(HttpServletRequest request) {
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
    }

    private void tooManyFailures(Request base, HttpServletResponse response, String client, Instant until) {
        long seconds = Math.max(1, Duration.between(Instant.now(), until).toSeconds());
        response.setHeader("Retry-After", String.valueOf(seconds));
        refuse(base, response, 429, "TooManyRequests", "too many failed logins from " + client + "; try again in " + seconds + " s");
    }

    private static void tooLarge(Request base, HttpServletResponse response, long limit) {
        refuse(base, response, 413, "InvalidArgument", "the request body is larger than " + limit
            + " bytes, the limit of this route (request.body.limit in conf/webadmin.properties)");
    }

    private static void refuse(Request base, HttpServletResponse response, int status, String type, String message) {
        reply(base, response, status, "{\"statusCode\":" + status + ",\"type\":\"" + type + "\",\"message\":\""
            + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    private static void reply(Request base, HttpServletResponse response, int status, String json) {
        try {
            response.setStatus(status);
            response.setContentType("application/json");
            if (status >= 400) {
                // whatever body the client still sends is not read: the connection cannot be reused
                response.setHeader("Connection", "close");
            }
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        } catch (IOException e) {
            LOGGER.debug("webadmin reply not written: {}", e.toString());
        } finally {
            base.setHandled(true);
        }
    }

    /** A chunked body already read (within its limit), handed to Spark as if it had come with its length. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        private BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getHeader(String name) {
            return "Transfer-Encoding".equalsIgnoreCase(name) ? null
                : "Content-Length".equalsIgnoreCase(name) ? String.valueOf(body.length) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Transfer-Encoding".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }
    }

    /** James's filters may add CORS headers; none ever leaves the server. */
    private static final class WithoutCors extends HttpServletResponseWrapper {
        private WithoutCors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!isCors(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!isCors(name)) {
                super.addHeader(name, value);
            }
        }

        private static boolean isCors(String name) {
            return name != null && name.regionMatches(true, 0, "Access-Control-", 0, "Access-Control-".length());
        }
    }
}
