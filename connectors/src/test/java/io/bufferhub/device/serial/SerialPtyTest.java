package io.bufferhub.device.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real stack (jSerialComm, kernel ptys) without hardware: socat joins two ptys, "pbx" and "agent", the
 * way a null-modem cable joins a PBX and the device. Killing socat is pulling the cable (the links vanish,
 * reads fail with EIO); starting it again with the same links is plugging it back in (new /dev/pts nodes
 * behind the same paths). Skipped where socat is not installed.
 */
@Timeout(30)
class SerialPtyTest {

    @TempDir
    Path dir;
    private Path pbx;
    private Path agent;
    private Process socat;
    private CamelContext context;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void plug() throws Exception {
        Assumptions.assumeTrue(File.separatorChar == '/' && socatPath() != null, "socat not installed");
        pbx = dir.resolve("pbx");
        agent = dir.resolve("agent");
        startSocat();
    }

    @AfterEach
    void unplug() throws Exception {
        if (context != null) {
            context.stop();
        }
        stopSocat();
    }

    @Test
    void capturesEveryByteAcrossUnplugAndReplug() throws Exception {
        context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("serial:" + agent + "?baudRate=115200&reconnectDelayMs=100&maxReconnectDelayMs=400")
                        .routeId("pty").process(SerialPtyTest.this::collect);
            }
        });
        context.start();
        SerialConsumer consumer = (SerialConsumer) context.getRoute("pty").getConsumer();
        await("consumer opens the agent pty", consumer::isConnected);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (FileOutputStream out = new FileOutputStream(pbx.toFile())) {
            for (int i = 1; i <= 50; i++) {
                byte[] cdr = cdr(i);
                out.write(cdr, 0, 7); // split writes: frames must not depend on how bytes arrive
                out.flush();
                out.write(cdr, 7, cdr.length - 7);
                expected.writeBytes(cdr);
            }
        }
        ProducerTemplate template = context.createProducerTemplate();
        String pbxUri = "serial:" + pbx + "?baudRate=115200";
        for (int i = 51; i <= 60; i++) {
            expected.writeBytes(cdr(i));
            template.sendBody(pbxUri, cdr(i));
        }
        awaitCaptured(expected);

        // unplug: the consumer must notice, say so, and keep trying
        stopSocat();
        await("consumer reports the port lost", () -> !consumer.isConnected());
        long failedBefore = consumer.getHealth().failedAttempts();
        await("consumer keeps retrying", () -> consumer.getHealth().failedAttempts() >= failedBefore + 2);
        assertNotNull(consumer.getLastError());
        assertFalse(consumer.getHealth().connected());

        // replug: same paths, new pty nodes
        startSocat();
        await("consumer reconnects", consumer::isConnected);
        assertEquals(1, consumer.getReconnects());
        for (int i = 61; i <= 80; i++) {
            expected.writeBytes(cdr(i));
            sendWithOneRetry(template, pbxUri, cdr(i)); // the producer's old handle died with the old pty
        }
        awaitCaptured(expected);
    }

    private static void sendWithOneRetry(ProducerTemplate template, String uri, byte[] body) {
        Exchange first = template.send(uri, e -> e.getIn().setBody(body));
        if (first.getException() != null) {
            Exchange second = template.send(uri, e -> e.getIn().setBody(body));
            assertEquals(null, second.getException(), "write after reopen");
        }
    }

    private static byte[] cdr(int i) {
        return String.format("%04d 2024-05-01 10:%02d:%02d ext%03d 0049301234%03d 00:03:%02d\r\n",
                i, i % 60, (i * 7) % 60, 200 + i, i, i % 60).getBytes(StandardCharsets.US_ASCII);
    }

    private void collect(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        synchronized (captured) {
            captured.writeBytes(body);
        }
    }

    private void awaitCaptured(ByteArrayOutputStream expected) throws InterruptedException {
        String want = expected.toString(StandardCharsets.US_ASCII);
        await("all " + want.length() + " bytes captured in order", () -> capturedText().length() >= want.length());
        assertEquals(want, capturedText());
    }

    private String capturedText() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.US_ASCII);
        }
    }

    private void startSocat() throws IOException, InterruptedException {
        socat = new ProcessBuilder(socatPath(), "-d", "-d", "pty,raw,echo=0,link=" + pbx, "pty,raw,echo=0,link=" + agent)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("socat.log").toFile()))
                .start();
        await("socat creates both pty links", () -> Files.exists(pbx) && Files.exists(agent));
    }

    private void stopSocat() throws InterruptedException {
        if (socat != null && socat.isAlive()) {
            socat.destroy(); // SIGTERM: socat removes its links, like a device node vanishing
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what + "; socat log: " + socatLog());
            }
            Thread.sleep(20);
        }
    }

    private String socatLog() {
        try {
            return Files.readString(dir.resolve("socat.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String socatPath() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, "socat");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
