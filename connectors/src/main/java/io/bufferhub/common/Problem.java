package io.bufferhub.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem as an exception: thrown anywhere in the hub, rendered as
 * {@code application/problem+json} at the edge. The detail names the field or header at fault.
 */
public class Problem extends RuntimeException {

    public static final String TYPE_BASE = "https://bufferhub.io/problems/";

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private Long retryAfterSeconds;

    public Problem(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static Problem badRequest(String slug, String detail) {
        return new Problem(400, slug, "Bad Request", detail);
    }

    public static Problem unavailable(String detail, long retryAfterSeconds) {
        return new Problem(503, "unavailable", "Service Unavailable", detail).retryAfter(retryAfterSeconds);
    }

    public Problem with(String key, Object value) {
        extensions.put(key, value);
        return this;
    }

    public Problem retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return TYPE_BASE + slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The problem document: type, title, status, detail, then any extension members. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail());
        m.putAll(extensions);
        return m;
    }
}
