package io.bufferhub.hub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) in its own JVM, for tests. The server's
 * jars (Kafka 4.x) need kafka-clients 4.x while the hub runs camel-kafka on 3.9.1, so the broker cannot share the
 * test's classpath: the build writes the server classpath to {@code hub/target/kafka-broker.classpath}
 * (maven-antrun-plugin in hub/pom.xml). Data and log stay in {@code dir} across {@link #stop()} / {@link #start()},
 * like a broker restarted by an operator.
 */
public final class KafkaTestBroker implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 60_000;

    private final Path dir;
    private final int port = HubTestBase.freePort();
    private final int controllerPort = HubTestBase.freePort();
    private volatile Process process;
    private boolean formatted;
    private boolean hooked;

    /** A broker whose files go under {@code hub/target/kafka-<name>-<port>}; nothing runs until {@link #start()}. */
    public KafkaTestBroker(String name) {
        this.dir = TestHub.home().resolve("hub/target/kafka-" + name + "-" + port);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path log() {
        return dir.resolve("broker.log");
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the broker (formatting its storage the first time) and returns once it takes requests. */
    public synchronized void start() throws Exception {
        if (running()) {
            return;
        }
        if (!formatted) {
            Files.createDirectories(dir);
            writeConfig();
            // the storage tool of the same Kafka version writes meta.properties and the bootstrap metadata
            Process format = launch(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", dir.resolve("server.properties").toString()), "format.log");
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("kafka storage format failed:\n" + tail(dir.resolve("format.log")));
            }
            formatted = true;
        }
        process = launch(List.of("kafka.Kafka", dir.resolve("server.properties").toString()), "broker.log");
        if (!hooked) { // a test JVM that dies without @AfterAll must not leave the broker running
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Process p = process;
                if (p != null) {
                    p.destroyForcibly();
                }
            }, "kafka-test-broker-kill"));
            hooked = true;
        }
        try {
            awaitReady();
        } catch (Exception | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Stops the broker as an operator would (SIGTERM: controlled shutdown, logs flushed); forcibly after 30 s. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Creates a topic (no-op when it exists): the test's brokers do not auto-create, as many production ones. */
    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    private void writeConfig() throws IOException {
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                // one node: internal topics with one replica, and no rebalance wait for the test's consumers
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        Files.writeString(dir.resolve("server.properties"), props, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
                ""), StandardCharsets.UTF_8);
    }

    private Process launch(List<String> mainAndArgs, String logName) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a small heap and C1 only: a test broker on a 2-core CI machine, started in ~2 s
                "-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", serverClasspath()));
        cmd.addAll(mainAndArgs);
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile())).start();
    }

    private static String serverClasspath() throws IOException {
        Path file = TestHub.home().resolve("hub/target/kafka-broker.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run `mvn generate-test-resources` in hub (maven-antrun-plugin)");
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /** Ready = the listener accepts and the broker answers describeCluster with itself. */
    private void awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!accepts()) {
            check(deadline);
            Thread.sleep(100);
        }
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not serving yet
                }
                check(deadline);
                Thread.sleep(100);
            }
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void check(long deadline) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("kafka broker exited with " + process.exitValue() + ":\n" + tail(log()));
        }
        if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("kafka broker not ready after " + START_TIMEOUT_MS + " ms:\n" + tail(log()));
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
