package io.bufferhub.hub.updates;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.Problem;
import io.bufferhub.hub.ping.UpdateFeed;
import io.bufferhub.hub.store.ClusterEvents;
import io.bufferhub.hub.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates and where they stand on each device (PROTOCOL.md §5, §9). A group target becomes one
 * {@code update_state} row per member in the publishing transaction, so "who gets it" is fixed at publish time
 * and a device joining the group later does not. Listeners (the held pings) hear about a publish only after its
 * commit: a device told {@code changed} must find the update when it checks in. Publishes by other hub nodes on
 * the same database reach them through {@link PublishWatcher}.
 */
public class UpdateStore implements UpdateFeed {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateStore.class);
    static final int MAX_DETAIL = 1000;

    /** What a device may download: enough to answer conditional and range requests without reading the bytes. */
    public record PayloadInfo(String id, UpdateKind kind, long size, String sha256, long created) {
    }

    /** A committed publish: the update id and the devices it went to. */
    public record Published(String id, List<String> serials) {
    }

    private final Database db;
    private final List<Consumer<Collection<String>>> listeners = new CopyOnWriteArrayList<>();
    /** Update id → created, for updates already announced to the listeners on this node. */
    private final Map<String, Long> announced = new ConcurrentHashMap<>();

    public UpdateStore(Database db) {
        this.db = db;
    }

    @Override
    public void onPublished(Consumer<Collection<String>> listener) {
        listeners.add(listener);
    }

    /** Stores the update and its per-device rows in one transaction, then tells the listeners. */
    public Published publish(PublishRequest r) throws SQLException {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        List<String> serials = db.transaction(c -> {
            List<String> targets = resolve(c, r);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO update_item (id, kind, version, payload,"
                    + " sha256, payload_size, signature, target_serial, target_group, created)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, r.kind().wire());
                ps.setString(3, r.version());
                ps.setBytes(4, r.payload());
                ps.setString(5, r.payload() == null ? null : ContentDigest.hex(ContentDigest.sha256(r.payload())));
                ps.setObject(6, r.payload() == null ? null : (long) r.payload().length);
                ps.setString(7, r.signature());
                ps.setString(8, r.targetSerial());
                ps.setString(9, r.targetGroup());
                ps.setLong(10, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO update_state (update_id, serial, state,"
                    + " detail, updated_at) VALUES (?, ?, ?, NULL, ?)")) {
                for (String serial : targets) {
                    ps.setString(1, id);
                    ps.setString(2, serial);
                    ps.setString(3, UpdateState.PENDING.wire());
                    ps.setLong(4, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            ClusterEvents.send(db.dialect(), c, PublishWatcher.CHANNEL, id); // at commit; other nodes look at once
            return targets;
        });
        LOG.info("Published {} update {} version {} to {} device(s)", r.kind().wire(), id, r.version(), serials.size());
        announce(id, now, serials);
        return new Published(id, serials);
    }

    /**
     * Tells the listeners about update {@code id} once per node: called after a local publish commits, and by
     * {@link PublishWatcher} for updates another hub node published on the shared database.
     */
    void announce(String id, long created, List<String> serials) {
        if (announced.putIfAbsent(id, created) != null) {
            return;
        }
        for (Consumer<Collection<String>> l : listeners) {
            try {
                l.accept(List.copyOf(serials));
            } catch (RuntimeException e) {
                LOG.warn("An update listener failed; devices get the update at their next check-in", e);
            }
        }
    }

    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /** Forgets announcements older than {@code before}; the watcher never looks that far back again. */
    void forgetAnnouncedBefore(long before) {
        announced.values().removeIf(created -> created < before);
    }

    /** The devices the target names now; none is a 400 (an update nobody can receive is an operator mistake). */
    private static List<String> resolve(Connection c, PublishRequest r) throws SQLException {
        boolean bySerial = r.targetSerial() != null;
        List<String> serials = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(bySerial ? "SELECT serial FROM device WHERE serial = ?"
                : "SELECT serial FROM device WHERE group_name = ? ORDER BY serial")) {
            ps.setString(1, bySerial ? r.targetSerial() : r.targetGroup());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    serials.add(rs.getString(1));
                }
            }
        }
        if (serials.isEmpty()) {
            throw Problem.badRequest("unknown-target", bySerial
                    ? "target.serial: no device " + r.targetSerial() + " is registered"
                    : "target.group: no device is registered in group " + r.targetGroup());
        }
        return serials;
    }

    @Override
    public List<Map<String, Object>> pendingFor(String serial) throws SQLException {
        String sql = "SELECT u.id, u.kind, u.version, u.payload_size, u.sha256, u.signature, u.created"
                + " FROM update_state s JOIN update_item u ON u.id = s.update_id"
                + " WHERE s.serial = ? AND s.state IN (?, ?) ORDER BY u.ordinal";
        return db.withConnection(c -> {
            List<Map<String, Object>> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, serial);
                ps.setString(2, UpdateState.PENDING.wire());
                ps.setString(3, UpdateState.DOWNLOADED.wire());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(item(serial, rs));
                    }
                }
            }
            return items;
        });
    }

    /**
     * One update item exactly as §5 lists it; kinds without payload omit href, size and sha256, and firmware
     * published unsigned (no key on the hub) omits signature rather than sending null.
     */
    private static Map<String, Object> item(String serial, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        UpdateKind kind = kind(rs.getString(2));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("kind", kind.wire());
        item.put("version", rs.getString(3));
        if (kind.hasPayload()) {
            item.put("href", payloadPath(serial, id));
            item.put("size", rs.getLong(4));
            item.put("sha256", rs.getString(5));
        }
        if (kind.signed() && rs.getString(6) != null) {
            item.put("signature", rs.getString(6));
        }
        item.put("created", rs.getLong(7));
        return item;
    }

    public static String payloadPath(String serial, String id) {
        return "/bpp/v1/devices/" + serial + "/updates/" + id + "/payload";
    }

    /** The payload facts of update {@code id} if it was published to {@code serial} and has a payload. */
    public Optional<PayloadInfo> payloadInfo(String serial, String id) throws SQLException {
        String sql = "SELECT u.kind, u.payload_size, u.sha256, u.created FROM update_item u"
                + " JOIN update_state s ON s.update_id = u.id WHERE u.id = ? AND s.serial = ? AND u.sha256 IS NOT NULL";
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                ps.setString(2, serial);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new PayloadInfo(id, kind(rs.getString(1)), rs.getLong(2),
                            rs.getString(3), rs.getLong(4))) : Optional.empty();
                }
            }
        });
    }

    /** {@code length} payload bytes from offset {@code first}: a resumed download reads only what it needs. */
    public byte[] payloadBytes(String id, long first, long length) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT SUBSTRING(payload FROM ? FOR ?) FROM update_item WHERE id = ?")) {
                ps.setInt(1, Math.toIntExact(first + 1)); // SQL positions start at 1
                ps.setInt(2, Math.toIntExact(length));
                ps.setString(3, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("update " + id + " vanished while being read");
                    }
                    return rs.getBytes(1);
                }
            }
        });
    }

    /**
     * Applies a device's status report (§5 rules in {@link UpdateState#transition}). The row is locked so two
     * reports racing each other are decided one after the other.
     *
     * @throws Problem 404 when the update was not published to this device, 409 after a final state
     */
    public UpdateState.Outcome report(String serial, String id, UpdateState reported, String detail)
            throws SQLException {
        String kept = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        return db.transaction(c -> {
            UpdateState current;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state FROM update_state WHERE update_id = ? AND serial = ? FOR UPDATE")) {
                ps.setString(1, id);
                ps.setString(2, serial);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw notPublishedTo(serial, id);
                    }
                    current = UpdateState.fromWire(rs.getString(1)).orElseThrow();
                }
            }
            UpdateState.Outcome outcome = UpdateState.transition(current, reported);
            if (outcome == UpdateState.Outcome.CONFLICT) {
                throw new Problem(409, "state-conflict", "Conflict", "state: update " + id + " already ended as "
                        + current.wire() + " on this device; it cannot become " + reported.wire());
            }
            if (outcome == UpdateState.Outcome.CHANGE) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE update_state SET state = ?, detail = ?,"
                        + " updated_at = ? WHERE update_id = ? AND serial = ?")) {
                    ps.setString(1, reported.wire());
                    ps.setString(2, kept);
                    ps.setLong(3, System.currentTimeMillis());
                    ps.setString(4, id);
                    ps.setString(5, serial);
                    ps.executeUpdate();
                }
            }
            return outcome;
        });
    }

    /** The operator view of one update (§9), or empty when no such update was published. */
    public Optional<Map<String, Object>> view(String id) throws SQLException {
        return db.withConnection(c -> UpdateView.load(c, id));
    }

    static Problem notPublishedTo(String serial, String id) {
        return new Problem(404, "update-not-found", "Not Found", "id: no update " + id + " for device " + serial);
    }

    private static UpdateKind kind(String wire) {
        return UpdateKind.fromWire(wire)
                .orElseThrow(() -> new IllegalStateException("unknown kind in database: " + wire));
    }
}
