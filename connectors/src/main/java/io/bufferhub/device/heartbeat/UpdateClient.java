package io.bufferhub.device.heartbeat;

import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.device.push.HubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of updates (PROTOCOL.md §5): check-in, payload download with resume, status reports. Goes
 * through the agent's one {@link HubConnection}, so it follows the same redirects and pinning as pushes.
 *
 * <p>Why downloads go in ranges: the connection reads an answer whole, so a payload fetched in one request and
 * cut at 90 % leaves nothing on disk. Fetched in chunks ({@link #DEFAULT_CHUNK} by default), each appended and
 * fsynced to {@code <target>.part}, a cut costs at most one chunk, also across restarts. Every ranged request
 * carries {@code If-Range: "<sha256>"} (the payload's strong ETag), so if the hub's payload is not the one the
 * partial file came from, the hub answers {@code 200} with the whole payload and the download starts over. The
 * result is verified against {@code sha256} before it is renamed to the target, and a resumed file that does not
 * verify is fetched once more from byte 0 before the download is declared failed.
 *
 * <p>Thread-safe as long as two threads do not download to the same target.
 */
public final class UpdateClient {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateClient.class);
    public static final int DEFAULT_CHUNK = 1 << 20;
    public static final Set<String> STATES = Set.of("downloaded", "applied", "failed", "rejected");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** A check-in answer; {@code minHeartbeat}/{@code maxHeartbeat} are 0 when the hub sent no bounds. */
    public record CheckIn(List<UpdateItem> updates, int minHeartbeat, int maxHeartbeat, long serverTime) {
    }

    /** The payload is not the announced one (sha256), or the hub no longer has it for us (404, 416). */
    public static final class PayloadException extends IOException {
        public PayloadException(String message) {
            super(message);
        }
    }

    private final HubConnection connection;
    private final String serial;
    private final int chunk;

    public UpdateClient(HubConnection connection) {
        this(connection, DEFAULT_CHUNK);
    }

    public UpdateClient(HubConnection connection, int chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive");
        }
        this.connection = connection;
        this.serial = connection.settings().serial();
        this.chunk = chunkBytes;
    }

    /** {@code GET {base}/devices/{serial}/updates}: the pending updates and the hub's heartbeat bounds. */
    public CheckIn checkIn() throws IOException {
        HubConnection.Response r = connection.exchange("GET", "/devices/" + serial + "/updates", Map.of(),
                new byte[0], false);
        JsonNode json = r.json();
        if (r.status() != 200 || json == null) {
            throw HubAnswerException.of("check-in", r);
        }
        List<UpdateItem> items;
        try {
            items = UpdateItem.listFrom(json.get("updates"));
        } catch (IllegalArgumentException e) {
            throw new IOException("check-in: malformed update list: " + e.getMessage(), e);
        }
        JsonNode hb = json.path("heartbeat");
        return new CheckIn(items, hb.path("min").asInt(0), hb.path("max").asInt(0), json.path("serverTime").asLong());
    }

    /**
     * Fetches the payload of {@code item} to {@code target}, resuming a {@code target.part} left by an interrupted
     * download, and verifies its sha256. A target that already holds the payload is returned as is.
     *
     * @throws PayloadException    the payload does not match {@code sha256} (even fetched afresh) or is gone
     * @throws HubAnswerException  another unexpected answer ({@code 503} …): try again later, the part file stays
     * @throws IOException         no answer: try again later, the part file stays
     */
    public Path download(UpdateItem item, Path target) throws IOException {
        if (!item.hasPayload() || item.sha256() == null) {
            throw new IllegalArgumentException(item + " has no payload to download");
        }
        if (Files.isRegularFile(target) && item.sha256().equals(FirmwareVerifier.sha256Hex(target))) {
            return target;
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        String path = payloadPath(item);
        for (int attempt = 0; ; attempt++) {
            boolean resumed = Files.exists(part) && Files.size(part) > 0;
            fetch(item, path, part);
            String got = FirmwareVerifier.sha256Hex(part);
            if (got.equals(item.sha256())) {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("{}: payload of {} bytes downloaded to {}", item, Files.size(target), target);
                return target;
            }
            Files.deleteIfExists(part);
            if (!resumed || attempt > 0) {
                throw new PayloadException(item + ": payload sha256 " + got + " is not the announced " + item.sha256());
            }
            LOG.warn("{}: resumed payload does not verify; fetching it again from the start", item);
        }
    }

    /**
     * {@code POST …/updates/{id}/status}. {@code 204} and {@code 409} (the update was already final for this
     * device: a repeat after a lost answer, or a contradicting report the operator will see) both mean there is
     * nothing more to report.
     *
     * @return true on 204, false on 409
     * @throws HubAnswerException any other answer (keep the report and send it again later)
     */
    public boolean report(String id, String state, String detail) throws IOException {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + STATES + ", got " + state);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state);
        if (detail != null) {
            body.put("detail", detail.length() > 1000 ? detail.substring(0, 1000) + "…" : detail);
        }
        String path = "/devices/" + serial + "/updates/" + UpdateItem.requireId(id) + "/status";
        HubConnection.Response r = connection.exchange("POST", path, Map.of("Content-Type", "application/json"),
                Json.write(body).getBytes(StandardCharsets.UTF_8), false);
        if (r.status() == 204 || r.status() == 200) {
            return true;
        }
        if (r.status() == 409) {
            LOG.info("update {}: status {} not taken, the update is already final ({})", id, state,
                    HubAnswerException.detail(r));
            return false;
        }
        throw HubAnswerException.of("status of update " + id, r);
    }

    /** Appends ranges to {@code part} until the whole payload is there (or restarts it on a {@code 200}). */
    private void fetch(UpdateItem item, String path, Path part) throws IOException {
        String etag = "\"" + item.sha256() + "\"";
        boolean restarted = false;
        while (true) {
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (item.size() >= 0 && have > item.size()) {
                Files.delete(part); // longer than the payload: not ours
                have = 0;
            }
            if (item.size() >= 0 && have == item.size() && have > 0) {
                return;
            }
            Map<String, String> h = new LinkedHashMap<>();
            boolean ranged = have > 0 || item.size() > chunk;
            if (ranged) {
                boolean last = item.size() < 0 || item.size() - have <= chunk;
                h.put("Range", "bytes=" + have + "-" + (last ? "" : Long.toString(have + chunk - 1)));
                h.put("If-Range", etag);
            }
            HubConnection.Response r = connection.exchange("GET", path, h, new byte[0], false);
            switch (r.status()) {
                case 200 -> {
                    write(part, r.body(), false); // the whole payload: fresh start
                    return;
                }
                case 206 -> {
                    Matcher m = CONTENT_RANGE.matcher(String.valueOf(r.header("content-range")));
                    String tag = r.header("etag");
                    if (!m.matches() || Long.parseLong(m.group(1)) != have || tag != null && !tag.equals(etag)
                            || r.body().length != Long.parseLong(m.group(2)) - have + 1) {
                        throw new IOException(item + ": 206 does not continue the part file (Content-Range "
                                + r.header("content-range") + ", ETag " + tag + ", " + r.body().length + " bytes)");
                    }
                    write(part, r.body(), true);
                    boolean complete = !m.group(3).equals("*") && Long.parseLong(m.group(2)) + 1
                            == Long.parseLong(m.group(3));
                    if (complete) {
                        return;
                    }
                }
                case 416 -> {
                    if (have == 0 || restarted) {
                        throw new PayloadException(item + ": hub refuses the range (416)");
                    }
                    Files.delete(part);
                    restarted = true;
                }
                case 404, 410 -> throw new PayloadException(item + ": payload not available (" + r.status() + ")");
                default -> throw HubAnswerException.of("payload of " + item, r);
            }
        }
    }

    /**
     * The {@code href} below the current base (the hub's path for its device API), so the request goes through
     * {@link HubConnection} like any other; when it is not below it, the payload path of PROTOCOL.md §5.
     */
    String payloadPath(UpdateItem item) {
        String basePath = URI.create(connection.currentBase()).getRawPath();
        String href = item.href();
        try {
            URI u = URI.create(href);
            href = u.getRawPath() == null ? href : u.getRawPath();
        } catch (IllegalArgumentException ignored) {
            // not a URI: fall through to the default path
        }
        if (href.startsWith(basePath + "/") && !href.contains("..")) {
            return href.substring(basePath.length());
        }
        return "/devices/" + serial + "/updates/" + item.id() + "/payload";
    }

    /** Writes (or appends) and fsyncs, so what the part file holds survives a power loss. */
    private static void write(Path file, byte[] data, boolean append) throws IOException {
        try (FileOutputStream out = new FileOutputStream(file.toFile(), append)) {
            out.write(data);
            out.getFD().sync();
        }
    }
}
