package io.bufferhub.hub.ping;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the heartbeat long-poll needs from the update store (PROTOCOL.md §4, §5): the updates still pending for a
 * device, and a signal when new ones are published so held pings answer {@code changed} within a second.
 */
public interface UpdateFeed {

    /** Update items ({@code id, kind, version, href, size, sha256, signature, created}) pending for {@code serial}. */
    List<Map<String, Object>> pendingFor(String serial) throws SQLException;

    /** Registers a listener called with the serials an update was just published to. */
    void onPublished(Consumer<Collection<String>> listener);
}
