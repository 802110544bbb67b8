package io.bufferhub.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.RawHttp;
import io.bufferhub.sim.push.HubClient;
import org.junit.jupiter.api.Test;

/** Exactly-once under network faults: bodies cut on the wire, and one batch raced on many connections. */
abstract class ExactlyOnceContract extends HubTestBase {

    private static byte[] batch(String serial, int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            sb.append("2026/11/21 10:27:44,00:00:44,4,").append(serial).append(",O,4207,4207,,0,").append(i)
                    .append(",0,E4688,Joe,T9001,Line 1,0,0\r\n");
        }
        return bytes(sb.toString());
    }

    @Test
    void bodyCutOnTheWireStoresNothingAndTheRetryStoresOnce() throws Exception {
        String serial = newDevice();
        byte[] body = batch(serial, 50);
        for (int sent : new int[] {0, 1, body.length / 2, body.length - 1}) {
            try (RawHttp raw = new RawHttp(hub.port())) {
                raw.write("POST /bpp/v1/devices/" + serial + "/batches/1 HTTP/1.1\r\nHost: x\r\nAuthorization: "
                        + HubClient.basic(serial, SECRET) + "\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.length + "\r\nContent-Digest: " + ContentDigest.headerFor(body) + "\r\n\r\n");
                raw.write(body, sent);
            } // closed with the body incomplete
        }
        Thread.sleep(300); // let the hub notice the closed connections
        assertEquals(0, storedBatches(serial));
        assertEquals(0, storedRecords(serial));
        assertEquals(201, client.push(serial, SECRET, 1, body).status());
        assertEquals(200, client.push(serial, SECRET, 1, body).status());
        assertEquals(1, storedBatches(serial));
        assertEquals(50, storedRecords(serial));
    }

    @Test
    void oneBatchRacedOnEightConnectionsIsStoredOnce() throws Exception {
        String serial = newDevice();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (long seq = 1; seq <= 5; seq++) {
                byte[] body = batch(serial + "-" + seq, 200);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    long s = seq;
                    Callable<Integer> push = () -> {
                        HubClient own = new HubClient(hub.url(), java.util.Set.of()); // own connection
                        go.await();
                        return own.push(serial, SECRET, s, body).status();
                    };
                    answers.add(pool.submit(push));
                }
                go.countDown();
                int created = 0;
                int duplicates = 0;
                for (Future<Integer> f : answers) {
                    int status = f.get();
                    created += status == 201 ? 1 : 0;
                    duplicates += status == 200 ? 1 : 0;
                }
                assertEquals(1, created, "exactly one 201 for seq " + seq);
                assertEquals(7, duplicates, "the other seven are 200 for seq " + seq);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, storedBatches(serial));
        assertEquals(5 * 200, storedRecords(serial));
    }
}
