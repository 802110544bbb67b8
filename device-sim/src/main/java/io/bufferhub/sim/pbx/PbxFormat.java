package io.bufferhub.sim.pbx;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.bufferhub.sim.smdr.AvayaSmdrGenerator;

/**
 * The SMDR dialects the emulator speaks (../shared/CDR-FORMATS.md). Calls come from the Avaya generator and are
 * re-printed in the other vendors' fixed-width layouts, so every format carries the same realistic call mix.
 */
public enum PbxFormat {

    /** Avaya IP Office: CSV, one record per call leg. */
    AVAYA {
        @Override
        public String render(String[] f) {
            return String.join(",", f);
        }
    },
    /** Mitel MiVoice Business / 3300: 90 columns, start time with P for pm, no year. */
    MITEL {
        @Override
        public String render(String[] f) {
            LocalDateTime start = LocalDateTime.parse(f[0], AvayaSmdrGenerator.CALL_START);
            int secs = AvayaSmdrGenerator.seconds(f[1]);
            char flag = secs >= 1800 ? '+' : secs >= 600 ? '%' : secs >= 300 ? '-' : ' ';
            String time = String.format("%02d:%02d%s", start.getHour() % 12 == 0 ? 12 : start.getHour() % 12,
                    start.getMinute(), start.getHour() >= 12 ? "P" : " ");
            String line = flag + start.format(DateTimeFormatter.ofPattern("MM/dd")) + " " + time + " " + f[1] + " "
                    + pad(f[3], 4) + "  " + pad(f[2].length() > 3 ? "***" : f[2], 3) + " " + pad(f[6], 26) + " "
                    + "00000" + " " + (f[4].equals("I") ? "I" : " ") + " " + pad(f[5], 4) + " " + pad("", 4)
                    + " " + pad(f[7], 12) + "  001";
            return pad(line, 90);
        }
    },
    /** Panasonic KX-TDA / KX-NS: 80 columns, end-of-call time with AM/PM, ring m'ss, duration hh:mm'ss. */
    PANASONIC {
        @Override
        public String render(String[] f) {
            LocalDateTime start = LocalDateTime.parse(f[0], AvayaSmdrGenerator.CALL_START);
            int secs = AvayaSmdrGenerator.seconds(f[1]);
            int ring = Integer.parseInt(f[2]);
            LocalDateTime end = start.plusSeconds(secs + ring);
            String dial = (f[4].equals("I") ? "<I>" + f[3] : f[6]);
            String line = end.format(DateTimeFormatter.ofPattern("MM/dd/yy hh:mma", Locale.US)) + " "
                    + pad(f[4].equals("I") ? f[5] : f[3], 5) + " 01 " + pad(dial, 25) + " "
                    + String.format("%d'%02d", Math.min(9, ring / 60), ring % 60) + " "
                    + String.format("%02d:%02d'%02d", secs / 3600, secs / 60 % 60, secs % 60) + " "
                    + pad("", 8) + " " + pad(f[7], 10) + " " + (f[4].equals("I") ? "  " : "TR");
            return pad(line, 80);
        }
    };

    /** Prints one call, given as the fields of an Avaya SMDR record, without line end. */
    public abstract String render(String[] avayaFields);

    public String render(String avayaLine) {
        return render(avayaLine.split(",", -1));
    }

    static String pad(String s, int width) {
        String v = s == null ? "" : s;
        return v.length() >= width ? v.substring(0, width) : v + " ".repeat(width - v.length());
    }
}
