package io.bufferhub.device.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The process {@link SpoolCrashTest} kills with SIGKILL. It appends numbered tokens {@code t<i>;} (every
 * second one ends a line, so chunks often end mid-line) to two channels with EVERY_WRITE, and prints
 * {@code A <i> .} only after {@link Spool#append} returned: every printed index is a promise the spool
 * must keep (the final {@code .} tells a whole line from one cut by the kill). Now and then it
 * acknowledges the oldest batch, printing {@code K <seq> <channel> <base64 body> .}
 * first so the test knows bytes that legitimately left the spool.
 *
 * <p>Arguments: spool directory, first index.
 */
public final class SpoolCrashChild {

    private SpoolCrashChild() {
    }

    static SpoolSettings settings() {
        return SpoolSettings.defaults().maxLines(4).maxBytes(64);
    }

    static String channelOf(long i) {
        return i % 3 == 0 ? "aux" : "main";
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long i = Long.parseLong(args[1]);
        try (Spool spool = Spool.open(dir, settings())) {
            System.out.println("READY");
            System.out.flush();
            for (;; i++) {
                String token = "t" + i + ";" + (i % 2 == 0 ? "\n" : "");
                spool.append(channelOf(i), token.getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis());
                System.out.println("A " + i + " .");
                System.out.flush();
                if (i % 7 == 0 && spool.pending().size() > 3) {
                    SealedBatch oldest = spool.oldest();
                    System.out.println("K " + oldest.seq() + " " + oldest.channel() + " "
                            + Base64.getEncoder().encodeToString(oldest.body()) + " .");
                    System.out.flush();
                    spool.acknowledge(oldest.seq());
                }
            }
        }
    }
}
