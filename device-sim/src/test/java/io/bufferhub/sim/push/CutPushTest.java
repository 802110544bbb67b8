package io.bufferhub.sim.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.bufferhub.common.ContentDigest;
import org.junit.jupiter.api.Test;

class CutPushTest {

    /** What arrived on the server: the request line, the headers (lower-case names) and the body bytes. */
    private record Received(String requestLine, Map<String, String> headers, byte[] body) {
    }

    @Test
    void announcesTheWholeBodyButSendsOnlyItsStart() throws Exception {
        byte[] body = "2026/03/02 08:00:01,00:01:00,3,201,O,911,9911,,0,1000000,0\r\n".repeat(50)
                .getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Received> received = CompletableFuture.supplyAsync(() -> accept(server));
            CutPush.cut("http://127.0.0.1:" + server.getLocalPort(), Set.of(), "PBX-1", "s3cret", 42, body, 777);
            Received r = received.get(10, TimeUnit.SECONDS);

            assertEquals("POST /bpp/v1/devices/PBX-1/batches/42 HTTP/1.1", r.requestLine());
            assertEquals(Integer.toString(body.length), r.headers().get("content-length"));
            assertEquals(ContentDigest.headerFor(body), r.headers().get("content-digest"));
            assertEquals(HubClient.basic("PBX-1", "s3cret"), r.headers().get("authorization"));
            assertTrue(r.headers().get("content-type").startsWith("text/plain"));
            assertArrayEquals(Arrays.copyOf(body, 777), r.body(), "exactly the first 777 bytes, then the end");
        }
    }

    @Test
    void refusesToSendTheWholeBody() {
        byte[] body = {'a', '\n'};
        assertThrows(IllegalArgumentException.class,
                () -> CutPush.cut("http://127.0.0.1:9", Set.of(), "S", "x", 1, body, 2));
    }

    private static Received accept(ServerSocket server) {
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
            s.setSoTimeout(10_000);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all); // until the client closes
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            return new Received(head[0], headers, Arrays.copyOfRange(bytes, end + 4, bytes.length));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
