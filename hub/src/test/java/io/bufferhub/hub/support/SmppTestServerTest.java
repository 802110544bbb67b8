package io.bufferhub.hub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Test;

/** The SMPP test server answers a real jSMPP client, records what it submits, and can go down and come back. */
class SmppTestServerTest {

    @Test
    void receivesSubmitsAndCanBeStoppedAndRestartedOnTheSamePort() throws Exception {
        int port;
        SMPPSession first;
        try (SmppTestServer server = SmppTestServer.start(0)) {
            port = server.port();
            assertTrue(port > 0);
            first = bind(port, BindType.BIND_TX);
            String id = submit(first, "112", "+15550100", "hello 911", Alphabet.ALPHA_DEFAULT);
            assertFalse(id.isEmpty());

            List<SmppTestServer.Sms> got = server.awaitMessages(1, Duration.ofSeconds(5));
            assertEquals(List.of(new SmppTestServer.Sms("112", "+15550100", "hello 911")), got);
            assertEquals(got, server.received());
        }

        // SMSC down: the bound client is unbound and nobody can connect any more
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (first.getSessionState().isBound() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(first.getSessionState().isBound(), "client still bound after close: " + first.getSessionState());
        first.close();
        assertThrows(IOException.class, () -> bind(port, BindType.BIND_TX).close());

        // SMSC back, same port
        try (SmppTestServer server = SmppTestServer.start(port)) {
            assertEquals(port, server.port());
            SMPPSession second = bind(port, BindType.BIND_TRX);
            try {
                String a = submit(second, "112", "+15550101", "hello 911", Alphabet.ALPHA_DEFAULT);
                String b = submit(second, "112", "+15550102", "héllo ✓ 911", Alphabet.ALPHA_UCS2);
                assertNotEquals(a, b);
                assertEquals(List.of(new SmppTestServer.Sms("112", "+15550101", "hello 911"),
                                new SmppTestServer.Sms("112", "+15550102", "héllo ✓ 911")),
                        server.awaitMessages(2, Duration.ofSeconds(5)));
            } finally {
                second.unbindAndClose();
            }
        }
    }

    @Test
    void awaitMessagesReturnsWhatItHasAfterTheTimeout() throws Exception {
        try (SmppTestServer server = SmppTestServer.start(0)) {
            long t0 = System.nanoTime();
            assertEquals(List.of(), server.awaitMessages(1, Duration.ofMillis(200)));
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(200).toNanos());
        }
    }

    private static SMPPSession bind(int port, BindType type) throws IOException {
        SMPPSession session = new SMPPSession();
        session.setTransactionTimer(5_000);
        session.connectAndBind("127.0.0.1", port, new BindParameter(type, "anyone", "anything", "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null));
        return session;
    }

    private static String submit(SMPPSession session, String from, String to, String text, Alphabet alphabet)
            throws Exception {
        byte[] bytes = text.getBytes(alphabet == Alphabet.ALPHA_UCS2
                ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
        return session.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, from,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to, new ESMClass(), (byte) 0, (byte) 1,
                null, null, new RegisteredDelivery(SMSCDeliveryReceipt.DEFAULT), (byte) 0,
                new GeneralDataCoding(alphabet, MessageClass.CLASS1, false), (byte) 0, bytes).getMessageId();
    }
}
