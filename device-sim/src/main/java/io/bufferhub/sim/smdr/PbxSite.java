package io.bufferhub.sim.smdr;

import java.util.SplittableRandom;

/**
 * The fixed shape of one simulated IP Office: its extensions and their user names, trunk lines, voicemail
 * channels and server address. Chosen once from the seed, so every device of a fleet looks like a different
 * site while each stays the same from batch to batch.
 */
final class PbxSite {

    private static final String[] FIRST = {"Joe", "Anna", "Raj", "Mei", "Carlos", "Fatima", "Olga", "Tom", "Aisha",
        "Lars", "Chloe", "Kenji", "Priya", "Sam", "Noah", "Ines"};
    private static final String[] LAST = {"Bloggs", "Smith", "Patel", "Chen", "Garcia", "Khan", "Ivanova", "Brown",
        "Okafor", "Jensen", "Martin", "Sato", "Iyer", "Taylor", "Novak", "Silva"};

    final int[] extensions;
    final String[] names;
    final int trunkLines;
    final int voicemailChannels;
    final String serverAddress;

    PbxSite(SplittableRandom rnd) {
        int count = 20 + rnd.nextInt(100);
        int base = new int[] {200, 2000, 4000}[rnd.nextInt(3)];
        extensions = new int[count];
        names = new String[count];
        for (int i = 0; i < count; i++) {
            extensions[i] = base + 1 + i;
            names[i] = rnd.nextInt(10) < 3 ? "Extn" + extensions[i]
                    : FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)];
        }
        trunkLines = 4 + rnd.nextInt(28);
        voicemailChannels = 2 + rnd.nextInt(6);
        serverAddress = "192.168." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }

    int pickExtension(SplittableRandom rnd) {
        return rnd.nextInt(extensions.length);
    }

    /** Another extension than {@code not}. */
    int pickOtherExtension(SplittableRandom rnd, int not) {
        int i = rnd.nextInt(extensions.length - 1);
        return i >= not ? i + 1 : i;
    }
}
