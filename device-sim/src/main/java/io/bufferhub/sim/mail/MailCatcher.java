package io.bufferhub.sim.mail;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;

/**
 * {@code mailcatcher}: a local SMTP server (GreenMail) that prints every mail it receives, one line each, so the
 * demo shows the hub's alert mails arriving without a real mail system. Runs until the process is stopped.
 */
public final class MailCatcher {

    public static final String USAGE = "  mailcatcher [--port 2525]   local SMTP server that prints each mail it receives";

    private MailCatcher() {
    }

    public static int run(List<String> args, PrintStream out) throws InterruptedException {
        int port = 2525;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--port") && i + 1 < args.size()) {
                port = Integer.parseInt(args.get(++i));
            } else {
                throw new IllegalArgumentException("mailcatcher: unknown option " + args.get(i) + "\n" + USAGE);
            }
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop, "mailcatcher-stop"));
        out.printf("mail catcher listening on smtp://127.0.0.1:%d%n", port);
        int seen = 0;
        while (true) {
            MimeMessage[] all = smtp.getReceivedMessages();
            for (; seen < all.length; seen++) {
                out.println(describe(all[seen]));
            }
            Thread.sleep(300);
        }
    }

    private static String describe(MimeMessage m) {
        try {
            StringBuilder to = new StringBuilder();
            for (Address a : m.getAllRecipients()) {
                to.append(to.length() == 0 ? "" : ", ").append(a);
            }
            return "  MAIL " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " to " + to + ": " + m.getSubject();
        } catch (Exception e) {
            return "  MAIL (unreadable: " + e + ")";
        }
    }
}
