package io.bufferhub.sim.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;

/**
 * The SMTP server the hub's {@code alert-mail} sink sends to during {@code bench fanout}: GreenMail in this JVM
 * on a free loopback port, so that a mail's arrival is timed on the same clock ({@link System#nanoTime()}) as the
 * push that caused it, without polling a mailbox. The time is taken in GreenMail's delivery hook, when the SMTP
 * transaction has handed the message over, before it is filed in the recipient's mailbox.
 *
 * <p>Each mail is keyed by a function of its subject (e.g. the extension named in it); mails for which it gives
 * null are only counted. The first arrival of a key wins, so a mail sent to several recipients, or sent again
 * after a lost answer, is timed once.
 */
final class SmtpReceipts implements AutoCloseable {

    private final GreenMail mail;
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private volatile Function<String, String> keyOfSubject = subject -> null;

    private SmtpReceipts(GreenMail mail) {
        this.mail = mail;
    }

    static SmtpReceipts start() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        SmtpReceipts receipts = new SmtpReceipts(g);
        MessageDeliveryHandler filing = g.getUserManager().getMessageDeliveryHandler();
        g.getUserManager().setMessageDeliveryHandler((message, to) -> {
            receipts.arrived(message.getMessage());
            return filing.handle(message, to);
        });
        g.start();
        return receipts;
    }

    private void arrived(jakarta.mail.internet.MimeMessage message) throws MessagingException {
        long now = System.nanoTime();
        received.incrementAndGet();
        String subject = message.getSubject();
        String key = subject == null ? null : keyOfSubject.apply(subject);
        if (key != null) {
            arrivals.putIfAbsent(key, now);
        }
    }

    /** The port the server listens on (127.0.0.1). */
    int port() {
        return mail.getSmtp().getPort();
    }

    /** From now on, time the mails whose subject {@code keyOfSubject} maps to a key. */
    void timeBy(Function<String, String> keyOfSubject) {
        this.keyOfSubject = keyOfSubject;
    }

    /** When the mail with {@code key} arrived ({@link System#nanoTime()}), or null when it has not. */
    Long arrival(String key) {
        return arrivals.get(key);
    }

    /** Mails timed so far. */
    int timed() {
        return arrivals.size();
    }

    /** Mails received so far, timed or not (per recipient). */
    long received() {
        return received.get();
    }

    @Override
    public void close() {
        mail.stop();
    }
}
