package io.bufferhub.device.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.bufferhub.device.heartbeat.AdaptiveHeartbeat;
import io.bufferhub.device.heartbeat.HeartbeatClient;
import io.bufferhub.device.heartbeat.UpdateClient;
import io.bufferhub.device.heartbeat.UpdateItem;
import io.bufferhub.device.push.HubConnection;
import io.bufferhub.device.spool.SpoolEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's side of central updates (PROTOCOL.md §4, §5): check-in at power-up and daily at a set time, the
 * adaptive heartbeat long-poll on the same connection as the pushes, and each pending update applied once and
 * reported. Threads come from Camel's ExecutorServiceManager.
 */
public final class UpdateAgent extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateAgent.class);

    private final CamelContext camel;
    private final String agent;
    private final AgentSettings settings;
    private final HubConnection connection;
    private final Set<String> handled = ConcurrentHashMap.newKeySet();
    private AgentControl control;
    private volatile boolean restarting;
    private Path work;
    private UpdateClient updates;
    private UpdateApplier applier;
    private HeartbeatClient heartbeat;
    private ExecutorService pingThread;
    private ScheduledExecutorService scheduler;

    public UpdateAgent(CamelContext camel, String agent, AgentSettings settings, HubConnection connection) {
        this.camel = camel;
        this.agent = agent;
        this.settings = settings;
        this.connection = connection;
    }

    @Override
    protected void doStart() throws Exception {
        work = workDir(settings);
        Files.createDirectories(work);
        control = camel.getRegistry().lookupByNameAndType(AgentControl.BEAN, AgentControl.class);
        updates = new UpdateClient(connection);
        applier = new UpdateApplier(camel, agent, settings, connection, updates,
                camel.getEndpoint("spool:" + agent, SpoolEndpoint.class).spool(), work, control);
        applier.scripts().loadKept();
        // the hub's bounds arrive with the first check-in (or a 400 on the first ping); until then only the start counts
        AdaptiveHeartbeat learned = new AdaptiveHeartbeat(settings.heartbeat(), settings.heartbeatStep(), 1, 3540,
                Clock.systemUTC());
        heartbeat = new HeartbeatClient(connection, learned, work.resolve("heartbeat.state"), items -> checkIn("ping"),
                settings.heartbeatGraceMs());
        applier.heartbeat(heartbeat);
        scheduler = camel.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "checkin-" + agent);
        scheduler.execute(() -> checkIn("power-up"));
        long untilDaily = Duration.between(LocalDateTime.now(),
                LocalDateTime.now().with(settings.checkinTime()).plusDays(
                        LocalTime.now().isBefore(settings.checkinTime()) ? 0 : 1)).toMillis();
        scheduler.scheduleAtFixedRate(() -> checkIn("daily"), untilDaily, TimeUnit.DAYS.toMillis(1), TimeUnit.MILLISECONDS);
        pingThread = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "heartbeat-" + agent);
        heartbeat.start(pingThread);
    }

    /** The agent's own files beside the spool: heartbeat state, firmware, scripts, updates on probation. */
    public static Path workDir(AgentSettings settings) {
        return settings.spoolDir().toAbsolutePath().resolveSibling(settings.spoolDir().getFileName() + "-agent");
    }

    /** Checks in and applies every pending update not handled yet by this process. */
    synchronized void checkIn(String why) {
        if (restarting) {
            return; // only the next run may confirm an update on probation
        }
        try {
            UpdateClient.CheckIn ci = updates.checkIn();
            heartbeat.heartbeat().bounds(ci.minHeartbeat(), ci.maxHeartbeat());
            settleProbation();
            List<UpdateItem> todo = ci.updates().stream().filter(u -> !handled.contains(u.id())).toList();
            if (!todo.isEmpty()) {
                LOG.info("{}: check-in ({}) found {} update(s)", settings.serial(), why, todo.size());
            }
            for (UpdateItem item : todo) {
                UpdateApplier.Outcome o;
                try {
                    o = applier.apply(item);
                } catch (Exception e) {
                    o = new UpdateApplier.Outcome("failed", e.toString());
                }
                updates.report(item.id(), o.state(), o.detail());
                handled.add(item.id());
                LOG.info("{}: update {} ({} {}) → {}: {}", settings.serial(), item.id(), item.kind(), item.version(),
                        o.state(), o.detail());
                if (o.restart() && control != null) {
                    restarting = true;
                    control.restart("update " + item.id());
                    return; // the rest waits for the next run's check-in
                }
            }
        } catch (Exception e) {
            LOG.warn("{}: check-in ({}) failed: {}", settings.serial(), why, e.toString());
        }
    }

    /**
     * This check-in is the one a firmware or settings update on probation waits for: it is confirmed and
     * reported {@code applied}; an update the supervisor rolled back is reported {@code failed}. Either id is
     * then left alone even if the hub still lists it (the report may have been lost; it is sent again).
     */
    private void settleProbation() throws Exception {
        var confirmed = UpdateTrial.confirm(work);
        if (confirmed.isPresent()) {
            UpdateTrial t = confirmed.get();
            handled.add(t.id());
            updates.report(t.id(), "applied", ("config".equals(t.kind()) ? "new settings" : "firmware " + AgentVersion.current())
                    + " running and checked in");
            UpdateTrial.confirmReported(work);
            LOG.info("{}: update {} ({} {}) checked in → applied", settings.serial(), t.id(), t.kind(), t.version());
        }
        var outcome = UpdateTrial.outcome(work);
        if (outcome.isPresent()) {
            handled.add(outcome.get().id());
            updates.report(outcome.get().id(), outcome.get().state(), outcome.get().detail());
            UpdateTrial.outcomeReported(work);
            LOG.warn("{}: update {} {}", settings.serial(), outcome.get().id(), outcome.get().detail());
        }
    }

    @Override
    protected void doStop() {
        if (heartbeat != null) {
            heartbeat.stop();
        }
        if (pingThread != null) {
            camel.getExecutorServiceManager().shutdownNow(pingThread);
        }
        if (scheduler != null) {
            camel.getExecutorServiceManager().shutdownNow(scheduler);
        }
    }
}
