package io.bufferhub.hub.ingest;

import java.sql.SQLException;

import io.bufferhub.common.Json;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.store.Database;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a failed exchange becomes an RFC 9457 answer: problems as thrown, an unreachable database as
 * 503 + Retry-After, anything else as a 500 that names no internals (the log has the stack trace).
 */
public class ProblemResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

    private final long retryAfterSeconds;

    public ProblemResponder(long retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = toProblem(cause, retryAfterSeconds);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        m.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        if (problem.retryAfterSeconds() != null) {
            m.setHeader("Retry-After", problem.retryAfterSeconds());
        }
        m.setBody(Json.write(problem.toMap()));
    }

    public static Problem toProblem(Throwable cause, long retryAfterSeconds) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof Problem p) {
                return p;
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && Database.isUnavailable(s)) {
                LOG.warn("Database unavailable, answering 503: {}", s.getMessage());
                return Problem.unavailable("database: cannot store now (" + s.getClass().getSimpleName()
                        + "), retry later", retryAfterSeconds);
            }
        }
        LOG.error("Unexpected failure, answering 500", cause);
        return new Problem(500, "internal-error", "Internal Server Error",
                "the hub failed unexpectedly; nothing was stored (see the hub log)");
    }
}
