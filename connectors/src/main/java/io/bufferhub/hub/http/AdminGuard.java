package io.bufferhub.hub.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.bufferhub.common.Problem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Bearer-token check for the operator API (PROTOCOL.md §9), constant-time, before any body is read. */
public final class AdminGuard implements Handler<RoutingContext> {

    private final byte[] token;

    public AdminGuard(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the admin token must be at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, presented)) {
            HttpProblems.send(ctx, new Problem(401, "unauthorized", "Unauthorized",
                    "Authorization: a valid operator token (Bearer) is required"));
            return;
        }
        ctx.next();
    }
}
