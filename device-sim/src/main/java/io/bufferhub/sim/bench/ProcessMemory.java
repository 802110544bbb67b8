package io.bufferhub.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory of another JVM on this machine: heap in use after a full GC (jcmd) and resident set size (/proc). */
final class ProcessMemory {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private ProcessMemory() {
    }

    /** Live heap in KiB after asking the JVM for a full collection. */
    static long heapAfterGcKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long used = 0;
        Matcher m = USED.matcher(info);
        if (m.find()) {
            used = Long.parseLong(m.group(1)); // the first "used" is the whole heap
        }
        return used;
    }

    static long rssKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
